/// Statistics of one band's valid values over an area: what `/statistics` answers per band.
///
/// Every figure is the one numpy gives over the same values in float64: `mean`, `std`
/// (population, ddof 0), `numpy.percentile` (linear) and `numpy.histogram`.
public struct BandStatistics: Sendable, Hashable {
    /// Pixels in the area.
    public let pixels: Int
    /// Pixels in the area holding a valid (finite) value.
    public let count: Int
    /// The valid values' figures; nil when there are none.
    public let summary: Summary?

    /// What the valid values show.
    public struct Summary: Sendable, Hashable {
        public let min: Double
        public let max: Double
        public let mean: Double
        public let std: Double
        /// Each asked percent (0…100) with its percentile, in the order asked.
        public let percentiles: [Percentile]
        public let histogram: Histogram
    }

    /// A percent and its percentile.
    public struct Percentile: Sendable, Hashable {
        public let percent: Double
        public let value: Double
    }

    /// The share of the area's pixels that are valid (0 for an empty area).
    public var validFraction: Double { pixels == 0 ? 0 : Double(count) / Double(pixels) }

    /// The statistics of `band` (row-major pixels) over the pixels `inside` marks (every pixel
    /// when nil). Sorting is the slow part: under a render deadline it stops when it passes.
    public init(
        band: some RandomAccessCollection<Float>, inside: [Bool]? = nil, percentiles percents: [Double], bins: Int
    ) throws {
        precondition(inside == nil || inside!.count == band.count, "one mask entry per pixel")
        var values = [Float]()
        var pixels = 0
        if let inside {
            for (value, isInside) in zip(band, inside) where isInside {
                pixels += 1
                if value.isFinite { values.append(value) }
            }
        } else {
            pixels = band.count
            values.reserveCapacity(band.count)
            for value in band where value.isFinite { values.append(value) }
        }
        self.pixels = pixels
        self.count = values.count
        guard !values.isEmpty else {
            summary = nil
            return
        }
        try RenderDeadline.current?.check()
        values.sort()
        try RenderDeadline.current?.check()
        var total = 0.0
        for value in values { total += Double(value) }
        let mean = total / Double(values.count)
        var squares = 0.0
        for value in values {
            let difference = Double(value) - mean
            squares += difference * difference
        }
        summary = Summary(
            min: Double(values[0]), max: Double(values[values.count - 1]), mean: mean,
            std: (squares / Double(values.count)).squareRoot(),
            percentiles: percents.map { Percentile(percent: $0, value: Percentiles.linear($0, ofSorted: values)) },
            histogram: Histogram(sorted: values, bins: bins))
    }
}
