import GeoToolz

/// Old class × new class pixel counts of a class raster (the first band of the values before a
/// discrete colormap), nodata being a class of its own.
public struct ConfusionMatrix: Sendable, Hashable {
    /// One cell: pixels of class `old` in the old version and `new` in the new one.
    public struct Cell: Sendable, Hashable, Codable {
        public let old: ClassLabel
        public let new: ClassLabel
    }

    /// Pixels per cell; cells without pixels are absent.
    public private(set) var counts: [Cell: Int]

    /// An empty matrix.
    public init() { counts = [:] }

    /// The matrix of one window's two versions.
    public init(old: GeoTensor, new: GeoTensor) {
        precondition(old.pixelCount == new.pixelCount, "both versions cover the same window")
        var counts = [Cell: Int]()
        for (a, b) in zip(old.band(0), new.band(0)) {
            counts[Cell(old: ClassLabel(a), new: ClassLabel(b)), default: 0] += 1
        }
        self.counts = counts
    }

    /// Every pixel counted.
    public var total: Int { counts.values.reduce(0, +) }
    /// Pixels whose class changed (nodata included).
    public var changed: Int { counts.filter { $0.key.old != $0.key.new }.values.reduce(0, +) }
    /// `changed` as a fraction of `total`.
    public var changedFraction: Double { total == 0 ? 0 : Double(changed) / Double(total) }
    /// Every class seen in either version, ascending, nodata first.
    public var labels: [ClassLabel] { Set(counts.keys.flatMap { [$0.old, $0.new] }).sorted() }

    /// Pixels of class `old` before and `new` after.
    public subscript(old: ClassLabel, new: ClassLabel) -> Int { counts[Cell(old: old, new: new)] ?? 0 }

    /// Adds another matrix's counts to these.
    public mutating func add(_ other: ConfusionMatrix) {
        counts.merge(other.counts, uniquingKeysWith: +)
    }
}
