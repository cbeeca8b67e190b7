import Foundation
import GeoToolz
import GeoToolzDiff
import GeoToolzIO
import GeoToolzSeed
import TestSupport
import Testing

/// One tile in a hundred changes a lot, the rest not at all: the report finds that tile.
@Suite struct OneChangedTileTests {
    @Test func theWorstTileIsTheOneThatChangedAndTheMedianIsZero() throws {
        let data = try OneChangedTileFixture.makeData()
        let old = try TestLayers.load("old", OneChangedTileFixture.layer(new: false), data: data)
        let new = try TestLayers.load("new", OneChangedTileFixture.layer(new: true), data: data)
        let comparison = try LayerComparison(old: old, new: new)
        let zoom = OneChangedTileFixture.zoom
        let plan = TilePlan(
            layers: [LayerExtent(new)], zooms: zoom...zoom, coverage: .everywhere, grid: .webMercatorQuad)
        let tiles = TileSample(planCount: plan.count, count: nil).positions.map { plan.item(at: $0).tile }
        #expect(tiles.count >= OneChangedTileFixture.columns.count * OneChangedTileFixture.rows.count)
        let compared = try tiles.map { try comparison.compare($0).comparison }
        let report = DiffReport(
            comparison: comparison, config: ConfigDiff(old: old, new: new), planTiles: plan.count, tiles: compared,
            worst: 5, urlBase: "http://tiles.example.org/")
        let changed = OneChangedTileFixture.changedTile
        #expect(report.worst.count == 1)
        let worst = try #require(report.worst.first)
        #expect(worst.comparison.path == "\(zoom)/\(changed.x)/\(changed.y)")
        #expect(worst.url == "http://tiles.example.org/tiles/heights/\(zoom)/\(changed.x)/\(changed.y).png")
        // Every pixel of the tile rose by the change, by construction of the raster.
        #expect(worst.comparison.values.changedFraction == 1)
        #expect(abs(worst.comparison.values.meanAbsoluteDifference - OneChangedTileFixture.change) < 1e-3)
        #expect(abs(worst.comparison.values.maxAbsoluteDifference - OneChangedTileFixture.change) < 1e-3)
        let fraction = try #require(report.distributions.first { $0.metric == "changedFraction" })
        #expect(fraction.p50 == 0 && fraction.p90 == 0 && fraction.max == 1)
        #expect(report.differingTiles == 1 && report.exitStatus() == 1)
        #expect(report.histogram.bins.first?.tiles == tiles.count - 1 && report.histogram.bins.last?.tiles == 1)
        #expect(report.config.changes.map(\.path.description).contains("pipeline.operators[0]"))
    }

    @Test func theSameLayerTwiceDiffersNowhere() throws {
        let data = try OneChangedTileFixture.makeData()
        let old = try TestLayers.load("old", OneChangedTileFixture.layer(new: true), data: data)
        let new = try TestLayers.load("new", OneChangedTileFixture.layer(new: true), data: data)
        let comparison = try LayerComparison(old: old, new: new)
        let tile = try GridTile(
            .webMercatorQuad, zoom: OneChangedTileFixture.zoom, x: OneChangedTileFixture.changedTile.x,
            y: OneChangedTileFixture.changedTile.y)
        let result = try comparison.compare(tile).comparison
        #expect(!result.differs && result.values.changedPixels == 0 && result.renderedChangedPixels == 0)
        #expect(result.values.comparedPixels == 256 * 256)
    }
}
