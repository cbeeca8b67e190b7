import GeoToolz

/// A tile as 8-bit RGBA pixels, row by row.
enum RGBAImage {
    /// Converts a non-palette tensor: 1 band = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA, values in
    /// [0, 1] scaled to 0…255. A pixel that is nodata in any band is fully transparent (all zero).
    static func make(_ tensor: GeoTensor) throws(PNGError) -> [UInt8] {
        let bands = tensor.bands
        guard (1...4).contains(bands) else {
            throw PNGError("a tile has 1 to 4 bands (grey, grey+alpha, RGB, RGBA), this one has \(bands)")
        }
        let pixels = tensor.pixelCount
        return [UInt8](unsafeUninitializedCapacity: 4 * pixels) { out, initialized in
            tensor.values.withUnsafeBufferPointer { values in
                for pixel in 0..<pixels {
                    let first = values[pixel]
                    let second = bands > 1 ? values[pixels + pixel] : first
                    let third = bands > 2 ? values[2 * pixels + pixel] : first
                    let fourth = bands == 4 ? values[3 * pixels + pixel] : 1
                    let o = 4 * pixel
                    guard first.isFinite, second.isFinite, third.isFinite, fourth.isFinite else {
                        out[o] = 0
                        out[o + 1] = 0
                        out[o + 2] = 0
                        out[o + 3] = 0
                        continue
                    }
                    switch bands {
                    case 1:
                        let grey = byte(first)
                        (out[o], out[o + 1], out[o + 2], out[o + 3]) = (grey, grey, grey, 255)
                    case 2:
                        let grey = byte(first)
                        (out[o], out[o + 1], out[o + 2], out[o + 3]) = (grey, grey, grey, byte(second))
                    default:
                        (out[o], out[o + 1], out[o + 2], out[o + 3]) = (
                            byte(first), byte(second), byte(third), byte(fourth)
                        )
                    }
                }
            }
            initialized = 4 * pixels
        }
    }

    /// Any tile the PNG encoder takes, as RGBA: a colormapped one through its palette (one band
    /// of indices, each checked against the palette), anything else as `make` converts it. For
    /// encoders that write RGBA only.
    static func converting(_ tensor: GeoTensor) throws(PNGError) -> [UInt8] {
        guard let palette = tensor.palette else { return try make(tensor) }
        guard tensor.bands == 1 else {
            throw PNGError("a colormapped tile has one band of palette indices, this one has \(tensor.bands)")
        }
        // The same bounds PaletteImage.make checks, before `expanding` indexes the palette with them.
        let limit = Float(palette.count)
        let bad = tensor.values.first { value in
            let shifted = value + 0.5
            return value.isFinite && !(shifted >= 0 && shifted < limit)
        }
        if let bad { throw PNGError("palette index \(bad) is outside the palette's \(palette.count) entries") }
        return expanding(tensor, palette: palette)
    }

    /// Expands a palette tensor that needs more entries than a PNG palette holds.
    static func expanding(_ tensor: GeoTensor, palette: Palette) -> [UInt8] {
        let rgba = palette.rgba
        return [UInt8](unsafeUninitializedCapacity: 4 * tensor.pixelCount) { out, initialized in
            tensor.values.withUnsafeBufferPointer { values in
                for (pixel, value) in values.enumerated() {
                    let o = 4 * pixel
                    // Indices were range-checked while compacting; nodata is fully transparent.
                    let index = value.isFinite ? 4 * Int(value.rounded()) : -1
                    for channel in 0..<4 { out[o + channel] = index >= 0 ? rgba[index + channel] : 0 }
                }
            }
            initialized = 4 * tensor.pixelCount
        }
    }

    /// A value in [0, 1] as a byte: scaled by 255, rounded, clamped.
    @inline(__always)
    static func byte(_ value: Float) -> UInt8 {
        UInt8(min(max((value * 255).rounded(), 0), 255))
    }
}
