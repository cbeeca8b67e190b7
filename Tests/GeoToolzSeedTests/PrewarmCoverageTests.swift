import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzSeed

/// Plans over polygons, checked against shapely (`scripts/coverage-reference.py`): a tile belongs
/// when its interior meets both the polygons' and the layer's data.
@Suite struct PrewarmCoverageTests {
    /// A pentagon over the SRTM sample's west edge.
    static let convex = """
        {"type": "Polygon", "coordinates": [[[-121.9, 37.1], [-119.6, 36.2], [-118.4, 37.6], [-119.3, 39.4],
          [-121.2, 38.9], [-121.9, 37.1]]]}
        """
    /// A U open to the north: its notch leaves out tiles between the arms.
    static let concave = """
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
          [-120.5, 36.8], [-117.6, 36.8], [-117.6, 38.5], [-118.3, 38.5], [-118.3, 37.4], [-119.8, 37.45],
          [-119.8, 38.5], [-120.5, 38.5], [-120.5, 36.8]]]}}
        """
    /// Two polygons, the first with a hole, the second a thin diagonal sliver.
    static let multi = """
        {"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPolygon", "coordinates": [
            [[[-120.6, 36.7], [-119.0, 36.7], [-119.0, 37.9], [-120.6, 37.9], [-120.6, 36.7]],
             [[-120.2, 37.0], [-119.3, 37.05], [-119.35, 37.6], [-120.1, 37.55], [-120.2, 37.0]]],
            [[[-118.9, 38.6], [-117.4, 36.7], [-117.3, 36.75], [-118.8, 38.65], [-118.9, 38.6]]]]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[
            [-122.5, 38.2], [-121.0, 38.2], [-121.0, 39.0], [-122.5, 38.2]]]}}]}
        """

    static let data = PrewarmPlanTests.sierra

    @Test(arguments: [("convex", convex), ("concave", concave), ("multi", multi)], TileMatrixSet.all)
    func polygonPlansEqualShapely(_ named: (String, String), grid: TileMatrixSet) throws {
        let area = try GeoJSONArea.read(Array(named.1.utf8), maxPositions: 1000)
        let zooms = 3...11
        let plan = TilePlan(
            layers: [PrewarmPlanTests.extent()], zooms: zooms, coverage: .polygons(area), grid: grid)
        var planned = [Int: Set<[Int]>]()
        for index in 0..<plan.count {
            let tile = plan.item(at: index).tile
            let (inserted, _) = planned[tile.zoom, default: []].insert([tile.x, tile.y])
            #expect(inserted, "\(tile) is planned twice")
            #expect(plan.index(layer: "dem", tile: tile) == index)
        }
        let expected = try Self.reference(named.1, grid: grid, zooms: Array(zooms))
        for zoom in zooms {
            let want = expected[zoom] ?? []
            let got = planned[zoom] ?? []
            #expect(
                got == want,
                "\(named.0) in \(grid) at z\(zoom): extra \(got.subtracting(want).sorted { $0.lexicographicallyPrecedes($1) }), missing \(want.subtracting(got).sorted { $0.lexicographicallyPrecedes($1) })"
            )
        }
        // The polygons leave out tiles a box would hold: the test says something.
        let boxed = TilePlan(
            layers: [PrewarmPlanTests.extent()], zooms: zooms, coverage: .box(area.bounds), grid: grid)
        #expect(plan.count < boxed.count)
        #expect(plan.count > 100)
    }

    @Test func aPolygonAwayFromTheDataPlansNothing() throws {
        let area = try GeoJSONArea.read(
            Array(#"{"type":"Polygon","coordinates":[[[10,40],[11,40],[11,41],[10,40]]]}"#.utf8), maxPositions: 100)
        let plan = TilePlan(
            layers: [PrewarmPlanTests.extent()], zooms: 6...12, coverage: .polygons(area), grid: .webMercatorQuad)
        #expect(plan.count == 0)
    }

    @Test func badGeoJSONSaysWhatAndWhere() {
        let cases: [(String, String)] = [
            (#"{"type":"Point","coordinates":[1,2]}"#, "type"),
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]],"features":[[null]]}"#, ""),
            (
                #"{"type":"FeatureCollection","features":[{"type":"Feature","geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[0,0]]]}}]}"#,
                "features[0].geometry.coordinates[0]"
            ),
            (#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1]]]}"#, "coordinates[0]"),
            (
                #"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[0,0],[1,0],[1,200],[0,0]]]]}"#,
                "coordinates[1][0][2]"
            ),
        ]
        for (text, path) in cases {
            do {
                _ = try GeoJSONArea.read(Array(text.utf8), maxPositions: 100)
                Issue.record("\(text) was read")
            } catch {
                #expect(error.path == path, "\(text): \(error)")
            }
        }
    }

    /// Tiles per zoom from shapely.
    static func reference(_ geojson: String, grid: TileMatrixSet, zooms: [Int]) throws -> [Int: Set<[Int]>] {
        let request: [String: Any] = [
            "grid": grid.identifier, "zooms": zooms,
            "geojson": try JSONSerialization.jsonObject(with: Data(geojson.utf8)),
            "data": [data.west, data.south, data.east, data.north],
        ]
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID().uuidString).json")
        try JSONSerialization.data(withJSONObject: request).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let run = try runToCompletion(
            "/usr/bin/python3",
            [PackagePaths.root.appendingPathComponent("scripts/coverage-reference.py").path, file.path])
        try #require(run.status == 0, "\(run.standardError)")
        let answer = try #require(
            try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: [[Int]]])
        var tiles = [Int: Set<[Int]>]()
        for (zoom, list) in answer { tiles[Int(zoom)!] = Set(list) }
        return tiles
    }
}
