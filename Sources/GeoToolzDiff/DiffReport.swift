import GeoToolz
import GeoToolzIO

/// What `geotoolz diff` reports: the config changes, the tiles compared, how their metrics are
/// spread, the tiles that changed most and, for layers drawing classes, the confusion matrix.
public struct DiffReport: Sendable {
    /// The two layers' names, as loaded.
    public let oldName: String
    public let newName: String
    /// The layers' config hashes (`Layer.configHash`): equal when the configs decide the same pixels.
    public let oldConfigHash: String
    public let newConfigHash: String
    public let config: ConfigDiff
    public let tolerance: Double
    /// Tiles in the plan the sample was taken from.
    public let planTiles: Int
    /// Every tile compared, in plan order.
    public let tiles: [TileComparison]
    /// Each metric over the tiles, in the order `metrics` lists them.
    public let distributions: [MetricDistribution]
    /// The tiles' changed fractions.
    public let histogram: ChangedFractionHistogram
    /// The tiles that changed most, most first: by changed fraction, then mean absolute difference,
    /// then changed colours. Only tiles with some difference.
    public let worst: [WorstTile]
    /// The summed confusion matrix over the tiles, for layers drawing classes.
    public let classes: ConfusionMatrix?
    /// Whether the final colormaps or encodings differ, so colour changes count.
    public let encodingsDiffer: Bool

    /// Gathers a report over `tiles`, compared by `comparison`; `worst` is how many of the worst
    /// tiles to list, with URLs under `urlBase`.
    public init(
        comparison: LayerComparison, config: ConfigDiff, planTiles: Int, tiles: [TileComparison], worst: Int,
        urlBase: String
    ) {
        oldName = comparison.old.name
        newName = comparison.new.name
        oldConfigHash = comparison.old.configHash
        newConfigHash = comparison.new.configHash
        self.config = config
        tolerance = comparison.tolerance
        self.planTiles = planTiles
        self.tiles = tiles
        encodingsDiffer = comparison.encodingsDiffer
        distributions = Self.metrics(classes: comparison.comparesClasses).map { metric in
            MetricDistribution(metric: metric.name, values: tiles.map(metric.value))
        }
        histogram = ChangedFractionHistogram(tiles.map(\.changedFraction))
        let base = urlBase.hasSuffix("/") ? String(urlBase.dropLast()) : urlBase
        let name = comparison.new.name
        self.worst = tiles.filter {
            $0.changedFraction > 0 || $0.values.meanAbsoluteDifference > 0 || $0.renderedChangedPixels > 0
        }
        .sorted { a, b in
            let left = (a.changedFraction, a.values.meanAbsoluteDifference, a.renderedChangedFraction)
            let right = (b.changedFraction, b.values.meanAbsoluteDifference, b.renderedChangedFraction)
            return left > right
        }
        .prefix(max(0, worst))
        .map { WorstTile(comparison: $0, url: "\(base)/tiles/\(name)/\($0.path).png") }
        if comparison.comparesClasses {
            var sum = ConfusionMatrix()
            for tile in tiles { if let matrix = tile.classes { sum.add(matrix) } }
            classes = sum
        } else {
            classes = nil
        }
    }

    /// The metrics whose distributions are reported, with how each is read from a tile.
    static func metrics(classes: Bool) -> [(name: String, value: @Sendable (TileComparison) -> Double)] {
        var metrics: [(name: String, value: @Sendable (TileComparison) -> Double)] = [
            ("changedFraction", { $0.changedFraction }),
            ("valueChangedFraction", { $0.values.changedFraction }),
            ("meanAbsoluteDifference", { $0.values.meanAbsoluteDifference }),
            ("rootMeanSquareDifference", { $0.values.rootMeanSquareDifference }),
            ("maxAbsoluteDifference", { $0.values.maxAbsoluteDifference }),
            ("becameNodata", { Double($0.values.becameNodata) }),
            ("becameValid", { Double($0.values.becameValid) }),
            ("renderedChangedFraction", { $0.renderedChangedFraction }),
        ]
        if classes { metrics.append(("classChangedFraction", { $0.classes?.changedFraction ?? 0 })) }
        return metrics
    }

    /// Tiles that differ beyond the tolerance (see `LayerComparison`).
    public var differingTiles: Int { tiles.filter(\.differs).count }

    /// Whether the configs differ in what decides pixels (sources, pipeline, formats).
    public var configDecidesPixels: Bool { oldConfigHash != newConfigHash }

    /// diff(1)'s exit status: 1 when a compared pixel differs beyond the tolerance — or, with
    /// `countingConfig`, when the configs differ in what decides pixels — else 0.
    public func exitStatus(countingConfig: Bool = false) -> Int32 {
        differingTiles > 0 || (countingConfig && configDecidesPixels) ? 1 : 0
    }
}
