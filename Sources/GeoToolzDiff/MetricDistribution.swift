/// How one metric is spread over the compared tiles: percentiles as numpy's default (linear)
/// rule computes them, and the maximum.
public struct MetricDistribution: Sendable, Hashable, Codable {
    /// The metric, e.g. `changedFraction`.
    public let metric: String
    public let p50: Double
    public let p90: Double
    public let p99: Double
    public let max: Double

    /// The distribution of `values` (all 0 when there are none).
    public init(metric: String, values: [Double]) {
        let sorted = values.sorted()
        self.metric = metric
        p50 = Self.percentile(50, of: sorted)
        p90 = Self.percentile(90, of: sorted)
        p99 = Self.percentile(99, of: sorted)
        max = sorted.last ?? 0
    }

    /// The `p`th percentile of ascending `sorted`, interpolating linearly between ranks.
    static func percentile(_ p: Double, of sorted: [Double]) -> Double {
        guard !sorted.isEmpty else { return 0 }
        let rank = p / 100 * Double(sorted.count - 1)
        let low = Int(rank.rounded(.down))
        let high = Swift.min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - Double(low))
    }
}
