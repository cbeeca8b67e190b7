import Foundation
import GeoToolz

extension DiffReport {
    /// The report as JSON: the same content as the Markdown, with every compared tile.
    public func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Document(self))
    }

    private struct Document: Encodable {
        let old: Version
        let new: Version
        let tolerance: Double
        let differs: Bool
        let differingTiles: Int
        let planTiles: Int
        let configDecidesPixels: Bool
        let encodingsDiffer: Bool
        let config: [Change]
        let distributions: [MetricDistribution]
        let histogram: [ChangedFractionHistogram.Bin]
        let worst: [Tile]
        let tiles: [Tile]
        let classes: [Cell]?

        init(_ report: DiffReport) {
            old = Version(name: report.oldName, configHash: report.oldConfigHash)
            new = Version(name: report.newName, configHash: report.newConfigHash)
            tolerance = report.tolerance
            differs = report.differingTiles > 0
            differingTiles = report.differingTiles
            planTiles = report.planTiles
            configDecidesPixels = report.configDecidesPixels
            encodingsDiffer = report.encodingsDiffer
            config = report.config.changes.map(Change.init)
            distributions = report.distributions
            histogram = report.histogram.bins
            worst = report.worst.map { Tile($0.comparison, url: $0.url) }
            tiles = report.tiles.map { Tile($0, url: nil) }
            classes = report.classes.map { matrix in
                matrix.counts.map { Cell(old: $0.key.old, new: $0.key.new, pixels: $0.value) }
                    .sorted { ($0.old, $0.new) < ($1.old, $1.new) }
            }
        }
    }

    private struct Version: Encodable {
        let name: String
        let configHash: String
    }

    private struct Change: Encodable {
        let path: String
        let kind: ConfigChange.Kind
        let old: JSONConfigValue?
        let new: JSONConfigValue?
        let from: Int?
        let to: Int?
        let decidesPixels: Bool
        let text: String

        init(_ change: ConfigChange) {
            path = change.path.description
            kind = change.kind
            old = change.old.map(JSONConfigValue.init)
            new = change.new.map(JSONConfigValue.init)
            (from, to) = (change.from, change.to)
            decidesPixels = change.decidesPixels
            text = change.description
        }
    }

    private struct Tile: Encodable {
        let tile: String
        let url: String?
        let differs: Bool
        let differingPixels: Int
        let changedFraction: Double
        let values: ValueMetrics
        let renderedChangedPixels: Int
        let renderedChangedFraction: Double
        let classChangedFraction: Double?

        init(_ comparison: TileComparison, url: String?) {
            tile = comparison.path
            self.url = url
            differs = comparison.differs
            differingPixels = comparison.differingPixels
            changedFraction = comparison.changedFraction
            values = comparison.values
            renderedChangedPixels = comparison.renderedChangedPixels
            renderedChangedFraction = comparison.renderedChangedFraction
            classChangedFraction = comparison.classes?.changedFraction
        }
    }

    private struct Cell: Encodable {
        let old: ClassLabel
        let new: ClassLabel
        let pixels: Int
    }
}
