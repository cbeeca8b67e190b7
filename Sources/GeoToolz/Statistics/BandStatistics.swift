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
        values.reserveCapacity(band.count)
        let pixels = Self.collect(band, inside: inside, into: &values)
        self.pixels = pixels
        self.count = values.count
        guard !values.isEmpty else {
            summary = nil
            return
        }
        try RenderDeadline.current?.check()
        values = Self.sorted(values)
        try RenderDeadline.current?.check()
        let (mean, squares) = values.withUnsafeBufferPointer { values in
            var total = 0.0
            for index in 0..<values.count { total += Double(values[index]) }
            let mean = total / Double(values.count)
            var squares = 0.0
            for index in 0..<values.count {
                let difference = Double(values[index]) - mean
                squares += difference * difference
            }
            return (mean, squares)
        }
        summary = Summary(
            min: Double(values[0]), max: Double(values[values.count - 1]), mean: mean,
            std: (squares / Double(values.count)).squareRoot(),
            percentiles: percents.map { Percentile(percent: $0, value: Percentiles.linear($0, ofSorted: values)) },
            histogram: Histogram(sorted: values, bins: bins))
    }

    /// Appends the finite values of the pixels `inside` marks to `values`; the pixels marked.
    private static func collect(_ band: some RandomAccessCollection<Float>, inside: [Bool]?, into values: inout [Float])
        -> Int
    {
        let copy = Array(band)
        return copy.withUnsafeBufferPointer { band in
            guard let inside else {
                for value in band where value.isFinite { values.append(value) }
                return band.count
            }
            return inside.withUnsafeBufferPointer { inside in
                var pixels = 0
                for index in 0..<band.count where inside[index] {
                    pixels += 1
                    if band[index].isFinite { values.append(band[index]) }
                }
                return pixels
            }
        }
    }

    /// `values` (finite) in ascending order, by a radix sort of their bits: linear in the count,
    /// where a comparison sort of millions of values is the slowest part of the statistics.
    static func sorted(_ values: [Float]) -> [Float] {
        // Flipping the sign bit of positives and every bit of negatives orders the bit patterns
        // as the values are ordered.
        var keys = [UInt32](repeating: 0, count: values.count)
        values.withUnsafeBufferPointer { values in
            keys.withUnsafeMutableBufferPointer { keys in
                for index in 0..<values.count {
                    let bits = values[index].bitPattern
                    keys[index] = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
                }
            }
        }
        var scratch = [UInt32](repeating: 0, count: keys.count)
        for shift in stride(from: 0, to: 32, by: 8) {
            keys.withUnsafeMutableBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { target in
                    var starts = [Int](repeating: 0, count: 257)
                    starts.withUnsafeMutableBufferPointer { counts in
                        for index in 0..<source.count { counts[Int((source[index] >> UInt32(shift)) & 0xff) + 1] += 1 }
                        for digit in 1..<257 { counts[digit] += counts[digit - 1] }
                        for index in 0..<source.count {
                            let key = source[index]
                            let digit = Int((key >> UInt32(shift)) & 0xff)
                            target[counts[digit]] = key
                            counts[digit] += 1
                        }
                    }
                }
            }
            swap(&keys, &scratch)
        }
        var sorted = [Float](repeating: 0, count: keys.count)
        keys.withUnsafeBufferPointer { keys in
            sorted.withUnsafeMutableBufferPointer { sorted in
                for index in 0..<keys.count {
                    let key = keys[index]
                    sorted[index] = Float(bitPattern: key & 0x8000_0000 != 0 ? key & 0x7fff_ffff : ~key)
                }
            }
        }
        return sorted
    }
}
