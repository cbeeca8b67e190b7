import GeoToolz

/// Combines the warped files of one window into one tensor by a `MosaicMethod`.
///
/// Files come in compositing order; each is asked for only when needed: `first` and `last` stop
/// as soon as every pixel holds a value, so a tile under the top file of a deep stack reads one.
struct MosaicCompositor {
    let method: MosaicMethod
    /// Bands of each file's tensor.
    let bands: Int
    let window: GridWindow

    /// The composite of `files` (file numbers, in order), reading each with `read`.
    func composite(_ files: [Int], read: (Int) throws -> GeoTensor) throws -> GeoTensor {
        let pixels = window.width * window.height
        let values: [Float]
        switch method {
        case .first, .last:
            values = try firstValid(files.count, pixels: pixels) { position throws in
                try read(files[position])
            }
        case .highest, .lowest, .mean, .count:
            values = try accumulated(files.count, pixels: pixels) { position throws in
                try read(files[position])
            }
        }
        return GeoTensor(
            bands: method.outputBands(reading: bands), height: window.height, width: window.width, values: values,
            transform: window.transform, crs: window.crs.definition)
    }

    /// Each pixel from the first tensor valid there.
    private func firstValid(_ count: Int, pixels: Int, read: (Int) throws -> GeoTensor) throws
        -> [Float]
    {
        var output = [Float](repeating: .nan, count: bands * pixels)
        var filled = [Bool](repeating: false, count: pixels)
        var remaining = pixels
        for position in 0..<count where remaining > 0 {
            let tensor = try read(position)
            // A window inside one file (most tiles of a mosaic of large files) is that file's
            // read as it is: no copy pixel by pixel.
            if position == 0, tensor.values.allSatisfy(\.isFinite) { return tensor.values }
            tensor.values.withUnsafeBufferPointer { input in
                for pixel in 0..<pixels where !filled[pixel] && Self.isValid(input, pixel, bands: bands, pixels: pixels)
                {
                    for band in 0..<bands { output[band * pixels + pixel] = input[band * pixels + pixel] }
                    filled[pixel] = true
                    remaining -= 1
                }
            }
        }
        return output
    }

    /// Per band maximum, minimum or mean over the tensors valid at each pixel, or their count.
    private func accumulated(_ count: Int, pixels: Int, read: (Int) throws -> GeoTensor)
        throws -> [Float]
    {
        var totals = [Float](repeating: .nan, count: bands * pixels)
        var valid = [Int32](repeating: 0, count: pixels)
        for position in 0..<count {
            let tensor = try read(position)
            tensor.values.withUnsafeBufferPointer { input in
                for pixel in 0..<pixels where Self.isValid(input, pixel, bands: bands, pixels: pixels) {
                    valid[pixel] += 1
                    for band in 0..<bands {
                        let at = band * pixels + pixel
                        let value = input[at]
                        guard valid[pixel] > 1 else {
                            totals[at] = value
                            continue
                        }
                        switch method {
                        case .highest: totals[at] = max(totals[at], value)
                        case .lowest: totals[at] = min(totals[at], value)
                        default: totals[at] += value
                        }
                    }
                }
            }
        }
        switch method {
        case .count:
            return valid.map { $0 > 0 ? Float($0) : .nan }
        case .mean:
            for band in 0..<bands {
                for pixel in 0..<pixels where valid[pixel] > 0 { totals[band * pixels + pixel] /= Float(valid[pixel]) }
            }
            return totals
        default:
            return totals
        }
    }

    /// Whether every band is finite at `pixel`: GeoTensor's validity.
    private static func isValid(_ values: UnsafeBufferPointer<Float>, _ pixel: Int, bands: Int, pixels: Int) -> Bool {
        for band in 0..<bands where !values[band * pixels + pixel].isFinite { return false }
        return true
    }
}
