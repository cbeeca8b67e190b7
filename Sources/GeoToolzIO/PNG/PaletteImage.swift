import CPNGEncoder
import GeoToolz

/// A colormapped tile as a compact indexed image: only the palette entries the tile uses, plus
/// one transparent entry when some pixel is nodata.
///
/// Entries are ordered so the tRNS chunk stays short: the transparent entry first, then used
/// entries that are not opaque, then the opaque ones, each group in palette order. The order
/// depends only on the pixels, so the same tile always gives the same file.
struct PaletteImage {
    /// One compact index per pixel, row by row.
    var indices: [UInt8]
    /// RGB of each compact entry.
    var rgb: [UInt8]
    /// Alpha of the first entries; the rest are opaque.
    var alpha: [UInt8]
    /// Number of compact entries.
    var count: Int

    /// The smallest PNG bit depth that holds every index.
    var bitDepth: Int {
        switch count {
        case ...2: 1
        case ...4: 2
        case ...16: 4
        default: 8
        }
    }

    /// Compacts `tensor`'s single band of indices into `palette`; nil when the tile needs more
    /// than 256 entries (all 256 colours and transparency).
    static func make(_ tensor: GeoTensor, palette: Palette) throws(PNGError) -> PaletteImage? {
        var used = [UInt8](repeating: 0, count: 256)
        var census = gtz_palette_census()
        // The palette index of every pixel, one byte each; nodata pixels are settled below.
        var indices = [UInt8](unsafeUninitializedCapacity: tensor.pixelCount) { out, initialized in
            tensor.values.withUnsafeBufferPointer { values in
                census = gtz_palette_indices(
                    values.baseAddress, values.count, Float(palette.count), out.baseAddress, &used)
            }
            initialized = tensor.pixelCount
        }
        if census.outside > 0,
            let badValue = tensor.values.first(where: { value in
                let shifted = value + 0.5
                return value.isFinite && !(shifted >= 0 && shifted < Float(palette.count))
            })
        {
            throw PNGError("palette index \(badValue) is outside the palette's \(palette.count) entries")
        }
        let hasNoData = census.not_finite > 0

        let rgba = palette.rgba
        let usedIndices = (0..<palette.count).filter { used[$0] != 0 }
        let translucent = usedIndices.filter { rgba[4 * $0 + 3] < 255 }
        let opaque = usedIndices.filter { rgba[4 * $0 + 3] == 255 }
        let count = (hasNoData ? 1 : 0) + usedIndices.count
        guard count <= 256 else { return nil }

        var remap = [UInt8](repeating: 0, count: 256)
        var rgb = [UInt8]()
        var alpha = [UInt8]()
        rgb.reserveCapacity(3 * count)
        if hasNoData {
            rgb += [0, 0, 0]
            alpha.append(0)
        }
        for index in translucent + opaque {
            remap[index] = UInt8(rgb.count / 3)
            rgb += rgba[(4 * index)..<(4 * index + 3)]
            if rgba[4 * index + 3] < 255 { alpha.append(rgba[4 * index + 3]) }
        }

        // Nodata takes entry 0, the transparent one, which a used index may also have had.
        if hasNoData || remap.indices.contains(where: { used[$0] != 0 && remap[$0] != UInt8($0) }) {
            tensor.values.withUnsafeBufferPointer { values in
                indices.withUnsafeMutableBufferPointer { out in
                    gtz_palette_remap(values.baseAddress, values.count, remap, 0, out.baseAddress)
                }
            }
        }
        return PaletteImage(indices: indices, rgb: rgb, alpha: alpha, count: count)
    }
}
