extension GeoTensor {
    /// A tensor with this one's georeferencing and warnings and `bands` new bands, which `fill`
    /// writes while reading this tensor's values.
    ///
    /// The one allocation of a typical `apply`: the output buffer is handed to `fill`
    /// uninitialised (every element must be written), and the input is read in the same pass,
    /// so there is no separate copy and no zero fill.
    func withNewValues(
        bands newBands: Int,
        _ fill: (_ source: UnsafeBufferPointer<Float>, _ output: UnsafeMutableBufferPointer<Float>) throws -> Void
    ) rethrows -> GeoTensor {
        let count = newBands * pixelCount
        let newValues = try values.withUnsafeBufferPointer { source in
            try [Float](unsafeUninitializedCapacity: count) { output, initialized in
                try fill(source, output)
                initialized = count
            }
        }
        return replacing(bands: newBands, values: newValues)
    }
}

extension GeoTensor {
    /// A tensor of the same shape whose every band `map` writes from the same band of this one,
    /// pixel by pixel: `map(band, from, to, count)` reads `count` values at `from` and writes as
    /// many at `to`. It is called over consecutive runs of each band, with the render's deadline
    /// checked between runs, so `map` must treat every pixel alike.
    func mappingBands(
        _ map: (_ band: Int, _ from: UnsafePointer<Float>, _ to: UnsafeMutablePointer<Float>, _ count: Int) throws
            -> Void
    ) throws -> GeoTensor {
        let pixels = pixelCount
        let deadline = RenderDeadline.current
        return try withNewValues(bands: bands) { source, output in
            for band in 0..<bands {
                let from = source.baseAddress! + band * pixels
                let to = output.baseAddress! + band * pixels
                try DeadlineChunks.forEach(pixels, checking: deadline) { start, count in
                    try map(band, from + start, to + start, count)
                }
            }
        }
    }
}

/// Per-pixel validity: a pixel is invalid where any band is not finite.
enum Validity {
    /// Makes every band of `output` NaN wherever any band of `source` is not finite, so an
    /// operator that keeps or combines only some bands never revives an invalid pixel.
    static func propagate(
        from source: UnsafeBufferPointer<Float>, bands: Int,
        into output: UnsafeMutableBufferPointer<Float>, outputBands: Int, pixelCount: Int
    ) {
        guard outputBands > 0, pixelCount > 0 else { return }
        let first = output.baseAddress!
        for band in 0..<bands {
            let input = source.baseAddress! + band * pixelCount
            // Selects rather than branches, so the loop vectorises.
            for index in 0..<pixelCount { first[index] = input[index].isFinite ? first[index] : .nan }
        }
        // Band 0 now marks every invalid pixel (its own non-finite values included).
        for band in 1..<outputBands {
            let values = first + band * pixelCount
            for index in 0..<pixelCount { values[index] = first[index].isFinite ? values[index] : .nan }
        }
    }

    /// Replaces infinities with NaN, so every invalid value reads as nodata.
    static func normalize(_ values: UnsafeMutableBufferPointer<Float>) {
        for index in values.indices { values[index] = values[index].isFinite ? values[index] : .nan }
    }
}
