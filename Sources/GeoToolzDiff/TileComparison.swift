import GeoToolzIO

/// How one tile differs between two versions of a layer.
public struct TileComparison: Sendable {
    public let tile: GridTile
    /// The values before the final colormap or encoding.
    public let values: ValueMetrics
    /// Old class × new class, when the layers draw classes.
    public let classes: ConfusionMatrix?
    /// Pixels whose shown RGBA colour differs.
    public let renderedChangedPixels: Int
    /// Whether the tile differs in anything the exit status counts (see `LayerComparison`).
    public let differs: Bool

    /// `renderedChangedPixels` as a fraction of the tile's pixels.
    public var renderedChangedFraction: Double {
        values.pixels == 0 ? 0 : Double(renderedChangedPixels) / Double(values.pixels)
    }

    /// The tile's changed fraction: of class pixels for class output, else of values.
    public var changedFraction: Double { classes?.changedFraction ?? values.changedFraction }

    /// The tile as `z/x/y`.
    public var path: String { "\(tile.zoom)/\(tile.x)/\(tile.y)" }

    public init(
        tile: GridTile, values: ValueMetrics, classes: ConfusionMatrix?, renderedChangedPixels: Int, differs: Bool
    ) {
        self.tile = tile
        self.values = values
        self.classes = classes
        self.renderedChangedPixels = renderedChangedPixels
        self.differs = differs
    }
}
