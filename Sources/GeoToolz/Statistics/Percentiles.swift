/// Percentiles as numpy's default (`numpy.percentile(a, q)`, `method="linear"`) computes them,
/// so values can be checked against numpy to the last bits.
public enum Percentiles {
    /// The `percent`-th percentile (0…100) of `sorted` (ascending, not empty): the value at
    /// position `(n − 1) · percent / 100`, interpolated linearly between its two neighbours.
    public static func linear(_ percent: Double, ofSorted sorted: some RandomAccessCollection<Float>) -> Double {
        precondition(!sorted.isEmpty, "a percentile of no values")
        let count = sorted.count
        let quantile = percent / 100
        // numpy's virtual index for alpha = beta = 1, written as numpy writes it.
        let position = Double(count) * quantile + (1 + quantile * (1 - 1 - 1)) - 1
        let start = sorted.startIndex
        if position >= Double(count - 1) { return Double(sorted[sorted.index(start, offsetBy: count - 1)]) }
        if position < 0 { return Double(sorted[start]) }
        let below = Int(position.rounded(.down))
        let low = Double(sorted[sorted.index(start, offsetBy: below)])
        let high = Double(sorted[sorted.index(start, offsetBy: below + 1)])
        return lerp(low, high, position - Double(below))
    }

    /// numpy's `_lerp`: from the nearer end, so that t = 1 gives `high` exactly.
    private static func lerp(_ low: Double, _ high: Double, _ t: Double) -> Double {
        let difference = high - low
        return t >= 0.5 ? high - difference * (1 - t) : low + difference * t
    }
}
