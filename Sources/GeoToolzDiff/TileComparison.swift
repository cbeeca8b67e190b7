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
    /// Pixels that differ by `LayerComparison`'s rule: in validity, in value beyond the tolerance,
    /// in class, or in colour when the final encodings differ.
    public let differingPixels: Int

    /// Whether the tile differs in anything the exit status counts.
    public var differs: Bool { differingPixels > 0 }

    /// `renderedChangedPixels` as a fraction of the tile's pixels.
    public var renderedChangedFraction: Double {
        values.pixels == 0 ? 0 : Double(renderedChangedPixels) / Double(values.pixels)
    }

    /// `differingPixels` as a fraction of the tile's pixels: what the histogram and the worst
    /// tiles go by.
    public var changedFraction: Double {
        values.pixels == 0 ? 0 : Double(differingPixels) / Double(values.pixels)
    }

    /// The tile as `z/x/y`.
    public var path: String { "\(tile.zoom)/\(tile.x)/\(tile.y)" }

    public init(
        tile: GridTile, values: ValueMetrics, classes: ConfusionMatrix?, renderedChangedPixels: Int,
        differingPixels: Int
    ) {
        self.tile = tile
        self.values = values
        self.classes = classes
        self.renderedChangedPixels = renderedChangedPixels
        self.differingPixels = differingPixels
    }
}
