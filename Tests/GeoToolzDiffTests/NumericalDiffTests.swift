import GeoToolz
import GeoToolzDiff
import GeoToolzIO
import GeoToolzSeed
import Testing

/// The per-tile metrics and their percentiles against numpy's, over the same tiles read
/// independently (GDAL's warp in `scripts/diff-reference.py`).
@Suite struct NumericalDiffTests {
    /// A sample of `count` tiles of `layer` at `zoom`, as `geotoolz diff` takes them.
    func sample(_ layer: Layer, zoom: Int, count: Int) -> [GridTile] {
        let plan = TilePlan(
            layers: [LayerExtent(layer)], zooms: zoom...zoom, coverage: .everywhere, grid: .webMercatorQuad)
        return TileSample(planCount: plan.count, count: count).positions.map { plan.item(at: $0).tile }
    }

    @Test func valueMetricsMatchNumpyWithATolerance() throws {
        let old = try TestLayers.load(
            "elevation",
            TestLayers.elevation("elevation", operators: ["{_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}"]))
        let new = try TestLayers.load(
            "elevation",
            TestLayers.elevation(
                "elevation",
                operators: [
                    "{_target_: BandMath, expression: \"b1 * 1.01 + 3\"}",
                    "{_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}",
                ]))
        let tolerance = 20.0
        let comparison = try LayerComparison(old: old, new: new, tolerance: tolerance)
        let tiles = sample(new, zoom: 9, count: 8)
        let compared = try tiles.map { try comparison.compare($0).comparison }
        let reference = try DiffReference.run([
            "tiles": compared.map(\.path), "tolerance": tolerance,
            "old": DiffReference.version(source: "srtm90.tif", bands: [1], resampling: "bilinear"),
            "new": DiffReference.version(
                source: "srtm90.tif", bands: [1], resampling: "bilinear",
                expressions: ["b1 * 1.01 + 3"]),
        ])
        try #require(reference.tiles.count == compared.count)
        // Some tiles must change beyond the tolerance and some pixels stay within it, or the test shows nothing.
        #expect(compared.contains { $0.values.changedValues > 0 })
        #expect(compared.contains { $0.values.changedValues < $0.values.comparedPixels })
        for (ours, theirs) in zip(compared, reference.tiles) {
            let values = ours.values
            #expect(values.comparedPixels == Int(theirs.number("compared")), "\(ours.path)")
            #expect(
                close(values.meanAbsoluteDifference, theirs.number("meanAbsoluteDifference"), relative: 1e-4),
                "\(ours.path)")
            #expect(
                close(values.rootMeanSquareDifference, theirs.number("rootMeanSquareDifference"), relative: 1e-4),
                "\(ours.path)")
            #expect(
                close(values.maxAbsoluteDifference, theirs.number("maxAbsoluteDifference"), relative: 1e-4),
                "\(ours.path)")
            // Values straddling the tolerance may fall either side by a rounding: a few pixels.
            #expect(abs(values.changedFraction - theirs.number("changedFraction")) <= 0.002, "\(ours.path)")
            #expect(
                values.becameNodata == Int(theirs.number("becameNodata"))
                    && values.becameValid == Int(theirs.number("becameValid")))
        }
        let report = DiffReport(
            comparison: comparison, config: ConfigDiff(old: old, new: new), planTiles: tiles.count, tiles: compared,
            worst: 3, urlBase: "http://example.org")
        for metric in ["changedFraction", "meanAbsoluteDifference"] {
            let ours = try #require(report.distributions.first { $0.metric == metric })
            let theirs = try #require(reference.percentiles[metric])
            let slack = metric == "changedFraction" ? 0.002 : 1e-4 * max(1, theirs["max"] ?? 0)
            for (name, value) in [("p50", ours.p50), ("p90", ours.p90), ("p99", ours.p99), ("max", ours.max)] {
                #expect(
                    abs(value - (theirs[name] ?? .nan)) <= slack,
                    "\(metric) \(name): \(value) vs \(theirs[name] ?? .nan)")
            }
        }
    }

    @Test func confusionMatricesMatchNumpy() throws {
        func landcover(water: Double) -> String {
            """
            name: landcover
            source: landsat.tif
            bands: [4, 3]
            resampling: nearest
            minzoom: 8
            maxzoom: 16
            pipeline:
              _target_: Sequential
              operators:
                - {_target_: NDVI, nir: 1, red: 2}
                - {_target_: BandMath, expression: "where(b1 < \(water), 1, where(b1 < 0.2, 2, where(b1 < 0.5, 3, 4)))"}
                - _target_: Colormap
                  classes: [[1, "#2166ac"], [2, "#d8c49a"], [3, "#a6d96a"], [4, "#1a9641"]]
            """
        }
        let old = try TestLayers.load("landcover", landcover(water: 0))
        let new = try TestLayers.load("landcover", landcover(water: 0.1))
        let comparison = try LayerComparison(old: old, new: new)
        #expect(comparison.comparesClasses)
        let tiles = sample(new, zoom: 11, count: 4)
        let compared = try tiles.map { try comparison.compare($0).comparison }
        let ndvi = "(b1 - b2) / (b1 + b2)"
        let reference = try DiffReference.run([
            "tiles": compared.map(\.path), "classes": true,
            "old": DiffReference.version(
                source: "landsat.tif", bands: [4, 3], resampling: "nearest",
                expressions: [ndvi, "where(b1 < 0, 1, where(b1 < 0.2, 2, where(b1 < 0.5, 3, 4)))"]),
            "new": DiffReference.version(
                source: "landsat.tif", bands: [4, 3], resampling: "nearest",
                expressions: [ndvi, "where(b1 < 0.1, 1, where(b1 < 0.2, 2, where(b1 < 0.5, 3, 4)))"]),
        ])
        var changed = 0
        for (ours, theirs) in zip(compared, reference.tiles) {
            let matrix = try #require(ours.classes)
            var cells = [String: Int]()
            for (cell, pixels) in matrix.counts {
                let label = { (label: ClassLabel) -> String in
                    if case .value(let value) = label { return String(describing: value) }
                    return "nodata"
                }
                cells["\(label(cell.old))→\(label(cell.new))"] = pixels
            }
            #expect(cells == theirs.confusion, "\(ours.path)")
            changed += matrix.changed
        }
        // Water grew into bare ground somewhere, or the matrices compared only diagonals.
        #expect(changed > 0)
    }
}
