/// Counts of values in equal-width bins between the smallest and largest value, as
/// `numpy.histogram(a, bins=n)` computes them (the last bin holds its right edge).
public struct Histogram: Sendable, Hashable {
    /// `bins + 1` edges, ascending.
    public let edges: [Double]
    /// Values in each bin.
    public let counts: [Int]

    /// The histogram of `sorted` (ascending, not empty) in `bins` bins.
    public init(sorted: [Float], bins: Int) {
        precondition(bins > 0 && !sorted.isEmpty, "a histogram has bins and values")
        var first = Double(sorted.first!)
        var last = Double(sorted.last!)
        // numpy widens an empty range by half a unit each way.
        if first == last {
            first -= 0.5
            last += 0.5
        }
        // numpy.linspace: i · step + first, the last edge exactly `last`.
        let step = (last - first) / Double(bins)
        var edges = (0...bins).map { Double($0) * step + first }
        edges[bins] = last
        var counts = [Int](repeating: 0, count: bins)
        let span = last - first
        sorted.withUnsafeBufferPointer { values in
            edges.withUnsafeBufferPointer { edges in
                counts.withUnsafeMutableBufferPointer { counts in
                    for position in 0..<values.count {
                        let x = Double(values[position])
                        // numpy's bin of a value: scaled, truncated, then moved by one where
                        // rounding put it on the wrong side of an edge.
                        var index = Int((x - first) / span * Double(bins))
                        if index == bins { index -= 1 }
                        if x < edges[index] {
                            index -= 1
                        } else if index != bins - 1 && x >= edges[index + 1] {
                            index += 1
                        }
                        counts[index] += 1
                    }
                }
            }
        }
        self.edges = edges
        self.counts = counts
    }
}
