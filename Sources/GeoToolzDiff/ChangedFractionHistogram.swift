/// How many tiles changed by how much: tiles counted by their changed fraction into bins that
/// separate the unchanged from the slightly and the heavily changed.
public struct ChangedFractionHistogram: Sendable, Hashable {
    /// A range of changed fractions, `(lower, upper]`; the first bin is exactly 0.
    public struct Bin: Sendable, Hashable, Codable {
        public let lower: Double
        public let upper: Double
        public let tiles: Int

        /// `0`, `(0, 1%]`, …
        public var label: String {
            upper == 0 ? "0" : "(\(Self.percent(lower)), \(Self.percent(upper))]"
        }

        private static func percent(_ fraction: Double) -> String {
            fraction == 0 ? "0" : "\(Int((fraction * 100).rounded()))%"
        }
    }

    /// The bins' upper edges after the first (unchanged) bin.
    public static let edges: [Double] = [0.01, 0.05, 0.1, 0.25, 0.5, 1]

    public let bins: [Bin]

    /// Counts `fractions` (each 0…1) into the bins.
    public init(_ fractions: [Double]) {
        var bins = [Bin(lower: 0, upper: 0, tiles: fractions.filter { $0 <= 0 }.count)]
        var lower = 0.0
        for upper in Self.edges {
            bins.append(Bin(lower: lower, upper: upper, tiles: fractions.filter { $0 > lower && $0 <= upper }.count))
            lower = upper
        }
        self.bins = bins
    }
}
