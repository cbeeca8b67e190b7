import GeoToolz
import GeoToolzIO

/// Two versions of a layer, compared tile by tile through the path tiles are rendered by.
///
/// A pixel counts as different when it is valid in one version only, when a value differs by
/// more than `tolerance`, when its class changes (layers drawing classes), or — when the two
/// final encodings (colormaps, terrain encodings) differ in config — when its shown colour
/// changes. With equal final encodings colours follow the values, so values within tolerance
/// that cross a colour boundary are not counted.
public struct LayerComparison: Sendable {
    public let old: Layer
    public let new: Layer
    /// The largest value difference not counted, in value units.
    public let tolerance: Double
    /// Whether either layer ends in a discrete colormap (`Colormap` with `classes`): its values
    /// are classes, compared by confusion matrix.
    public let comparesClasses: Bool
    /// Whether the final colormaps or encodings differ in config, so colours may change where
    /// values do not.
    public let encodingsDiffer: Bool

    /// Fails for a layer serving an archive's stored tiles: it has no values to compare.
    public init(old: Layer, new: Layer, tolerance: Double = 0) throws(DiffError) {
        for layer in [old, new] where layer.archive != nil {
            throw DiffError(
                "layer '\(layer.name)' serves the stored tiles of an archive; diff compares layers that render sources")
        }
        guard tolerance >= 0, tolerance.isFinite else {
            throw DiffError("the tolerance must be a finite number ≥ 0, found \(tolerance)")
        }
        self.old = old
        self.new = new
        self.tolerance = tolerance
        self.comparesClasses = Self.drawsClasses(old) || Self.drawsClasses(new)
        self.encodingsDiffer =
            old.pipeline.finalEncoding?.encoding.config != new.pipeline.finalEncoding?.encoding.config
    }

    /// Compares one tile; also gives both renders (for images of it).
    public func compare(_ tile: GridTile) throws -> (comparison: TileComparison, old: TileRender, new: TileRender) {
        let before = try TileRender(old, tile: tile)
        let after = try TileRender(new, tile: tile)
        var differing = [Bool]()
        let values = ValueMetrics(old: before.values, new: after.values, tolerance: tolerance, marking: &differing)
        var classes: ConfusionMatrix?
        if comparesClasses {
            classes = ConfusionMatrix(old: before.values, new: after.values)
            for (pixel, (a, b)) in zip(before.values.band(0), after.values.band(0)).enumerated()
            where ClassLabel(a) != ClassLabel(b) {
                differing[pixel] = true
            }
        }
        let recoloured = try Self.recolouredPixels(before.shown, after.shown)
        if encodingsDiffer {
            for (pixel, changed) in recoloured.enumerated() where changed { differing[pixel] = true }
        }
        return (
            TileComparison(
                tile: tile, values: values, classes: classes,
                renderedChangedPixels: recoloured.lazy.filter { $0 }.count,
                differingPixels: differing.lazy.filter { $0 }.count),
            before, after
        )
    }

    /// Whether each pixel's RGBA colour differs, as the PNG encoder would write them.
    static func recolouredPixels(_ old: GeoTensor, _ new: GeoTensor) throws -> [Bool] {
        let a = try old.rgbaPixels()
        let b = try new.rgbaPixels()
        return (0..<(min(a.count, b.count) / 4)).map { pixel in
            let o = 4 * pixel
            return a[o] != b[o] || a[o + 1] != b[o + 1] || a[o + 2] != b[o + 2] || a[o + 3] != b[o + 3]
        }
    }

    /// Whether the layer's pipeline ends in a discrete colormap.
    private static func drawsClasses(_ layer: Layer) -> Bool {
        guard let colormap = layer.pipeline.finalEncoding?.encoding as? Colormap,
            case .classes = colormap.source
        else { return false }
        return true
    }
}
