/// Statistics of a whole-dataset sample (see `StatisticsDependent`), taken per band over the
/// pixels valid in every band.
struct SampleStatistics {
    /// Each band's valid values, sorted ascending.
    let sortedBands: [[Float]]

    /// Reads `sample`; fails when it holds no valid pixel, since nothing could be derived from it.
    init(_ sample: GeoTensor, for operatorName: String) throws {
        var valid = [Bool](repeating: true, count: sample.pixelCount)
        var validCount = sample.pixelCount
        sample.values.withUnsafeBufferPointer { values in
            for band in 0..<sample.bands {
                let offset = band * sample.pixelCount
                for index in 0..<sample.pixelCount where valid[index] && !values[offset + index].isFinite {
                    valid[index] = false
                    validCount -= 1
                }
            }
        }
        guard validCount > 0 else {
            throw OperatorError(operatorName, "the dataset sample holds no valid pixel to take statistics from")
        }
        var sortedBands = [[Float]]()
        // Sorting a large sample is the slow part: a statistics pass run under a render's
        // deadline stops between bands.
        let deadline = RenderDeadline.current
        try sample.values.withUnsafeBufferPointer { values in
            for band in 0..<sample.bands {
                try deadline?.check()
                let offset = band * sample.pixelCount
                var bandValues = [Float]()
                bandValues.reserveCapacity(validCount)
                for index in 0..<sample.pixelCount where valid[index] { bandValues.append(values[offset + index]) }
                bandValues.sort()
                sortedBands.append(bandValues)
            }
        }
        self.sortedBands = sortedBands
    }

    /// The `percent`-th percentile of every band, as numpy's default (`method="linear"`) gives it:
    /// the value at position `(n − 1) · percent / 100` of the sorted values, interpolated
    /// linearly between the two neighbours.
    func percentiles(_ percent: Double) -> [Double] {
        sortedBands.map { Self.percentile(percent, ofSorted: $0) }
    }

    static func percentile(_ percent: Double, ofSorted values: [Float]) -> Double {
        Percentiles.linear(percent, ofSorted: values)
    }

    /// The smallest and largest valid value over every band.
    var range: (min: Double, max: Double) {
        let lows = sortedBands.compactMap(\.first)
        let highs = sortedBands.compactMap(\.last)
        return (Double(lows.min()!), Double(highs.max()!))
    }
}

extension OperatorError {
    /// The failure of a statistics-dependent operator applied before the layer bound it.
    static func missingStatistics(_ operatorName: String, given keys: String) -> OperatorError {
        OperatorError(
            operatorName,
            "needs dataset statistics; the layer computes them when it loads (or give \(keys) in the config)")
    }
}
