import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// `/bbox`, `/preview.png` and `/statistics` on the real server, checked against references made
/// without GeoToolz: `gdalwarp` for images, GDAL's Python bindings and numpy for statistics
/// (`scripts/query-reference.py`).
@Suite(.serialized) struct QueryEndpointTests {
    let server: RunningServer
    /// A box inside the SRTM sample, edges off its pixel grid.
    static let box = (west: -119.7123, south: 37.5071, east: -119.3049, north: 37.8833)

    init() throws {
        server = try RunningServer(layers: try DemoLayers.all())
    }

    // MARK: /bbox

    @Test func aBoxGeoTIFFHoldsTheSourceValuesGdalwarpGives() throws {
        // elevation's pipeline is one colormap: its values are the source's own.
        let box = Self.box
        let response = try server.get(
            "/layers/elevation/bbox/\(box.west),\(box.south),\(box.east),\(box.north)/300x250.tif")
        #expect(response.status == 200, "\(response.text.prefix(300))")
        #expect(response.header("Content-Type") == "image/tiff")
        let comparison = try compareWithGdalwarp(
            response, crs: "EPSG:4326", bounds: [box.west, box.south, box.east, box.north], width: 300, height: 250)
        #expect(comparison.equal * 1000 >= comparison.pixels * 999, "\(comparison)")
        #expect(comparison.transformEqual && comparison.valid > comparison.pixels / 2, "\(comparison)")
    }

    @Test func aBoxInAnotherCRSIsWarpedThere() throws {
        let bounds = [-13_300_000.0, 4_510_000, -13_270_000, 4_540_000]
        let response = try server.get(
            "/layers/elevation/bbox/\(bounds.map { String($0) }.joined(separator: ","))/200x200.tif?dst_crs=EPSG:3857")
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let comparison = try compareWithGdalwarp(response, crs: "EPSG:3857", bounds: bounds, width: 200, height: 200)
        #expect(comparison.equal * 1000 >= comparison.pixels * 999, "\(comparison)")
        #expect(comparison.transformEqual, "\(comparison)")
    }

    @Test func aBoxPNGIsDrawnInTheLayersColours() throws {
        let box = Self.box
        let response = try server.get(
            "/layers/elevation/bbox/\(box.west),\(box.south),\(box.east),\(box.north)/320x240.png")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "image/png")
        #expect(try pngSize(response) == (320, 240))
    }

    // MARK: /preview.png

    @Test func aPreviewsLongestSideIsMaxSizeAndItKeepsTheAspect() throws {
        let layers = try DemoLayers.all()
        for name in ["elevation", "landsat-truecolor"] {
            let layer = try #require(layers.first { $0.name == name })
            let bounds = layer.mercatorBounds
            let response = try server.get("/layers/\(name)/preview.png?max_size=300")
            #expect(response.status == 200, "\(name): \(response.text.prefix(200))")
            let size = try pngSize(response)
            let long = max(bounds.width, bounds.height)
            #expect(max(size.width, size.height) == 300, "\(name)")
            #expect(
                size == (
                    Int((300 * bounds.width / long).rounded()), Int((300 * bounds.height / long).rounded())
                ), "\(name): \(size)")
        }
        let standard = try server.get("/layers/elevation/preview.png")
        #expect(try max(pngSize(standard).width, pngSize(standard).height) == 1024)
    }

    // MARK: /statistics

    @Test func statisticsOverABoxAreNumpysOverTheSamePixels() throws {
        let box = Self.box
        let response = try server.get(
            "/layers/elevation/statistics?bbox=\(box.west),\(box.south),\(box.east),\(box.north)&p=25,75&p=99.5&bins=16"
        )
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let answer = try json(response)
        let polygon = Self.polygon([
            (box.west, box.south), (box.east, box.south), (box.east, box.north), (box.west, box.north),
            (box.west, box.south),
        ])
        let expected = try reference(polygon: polygon, overview: -1, percents: [2, 50, 98, 25, 75, 99.5], bins: 16)
        try expectSame(answer, expected, level: "full")
    }

    @Test func statisticsOverAPostedPolygonCountPixelsWhoseCentresAreInside() throws {
        let ring = [
            (-119.61, 37.52), (-119.33, 37.61), (-119.41, 37.87), (-119.52, 37.71), (-119.69, 37.83), (-119.61, 37.52),
        ]
        let feature = #"{"type": "Feature", "properties": {}, "geometry": \#(Self.polygon(ring))}"#
        let response = try server.get(
            "/layers/elevation/statistics?bins=7", method: "POST", headers: ["Content-Type": "application/json"],
            body: feature)
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let expected = try reference(polygon: Self.polygon(ring), overview: -1, percents: [2, 50, 98], bins: 7)
        try expectSame(try json(response), expected, level: "full")
    }

    @Test func aLargeAreaIsReadFromAnOverviewAndSaysWhich() throws {
        let small = try RunningServer(layers: try DemoLayers.all()) { $0.queries.statisticsMaxPixels = 700_000 }
        let response = try small.get("/layers/elevation/statistics")
        #expect(response.status == 200, "\(response.text.prefix(300))")
        let answer = try json(response)
        let grid = try #require(answer["grid"] as? [String: Any])
        // 4269 × 2465 at full resolution; 2135 × 1233 is still above the limit, 1068 × 617 is not.
        #expect(grid["level"] as? String == "overview" && grid["overview"] as? Int == 1, "\(grid)")
        let bounds = try #require(DemoLayers.all().first { $0.name == "elevation" }?.bounds)
        let polygon = Self.polygon([
            (bounds.west, bounds.south), (bounds.east, bounds.south), (bounds.east, bounds.north),
            (bounds.west, bounds.north), (bounds.west, bounds.south),
        ])
        let expected = try reference(polygon: polygon, overview: 1, percents: [2, 50, 98], bins: 10)
        try expectSame(answer, expected, level: "overview")
        let tiny = try RunningServer(layers: try DemoLayers.all()) { $0.queries.statisticsMaxPixels = 1000 }
        #expect(try tiny.get("/layers/elevation/statistics").status == 413)
    }

    // MARK: Stored pipelines

    @Test func storedPipelinesAnswerTheSameQueries() throws {
        let posted = try server.get(
            "/pipelines", method: "POST", headers: ["Content-Type": "application/json"],
            body:
                #"{"layer": "elevation", "pipeline": {"_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 4400}}"#
        )
        #expect(posted.status == 201)
        let id = try #require((try json(posted))["id"] as? String)
        let box = Self.box
        let image = try server.get(
            "/pipelines/\(id)/bbox/\(box.west),\(box.south),\(box.east),\(box.north)/64x48.png")
        #expect(image.status == 200)
        let size = try pngSize(image)
        #expect(size == (64, 48))
        #expect(try server.get("/pipelines/\(id)/preview.png?max_size=64").status == 200)
        let statistics = try server.get(
            "/pipelines/\(id)/statistics?bbox=\(box.west),\(box.south),\(box.east),\(box.north)")
        #expect(statistics.status == 200)
        let layer = try server.get(
            "/layers/elevation/statistics?bbox=\(box.west),\(box.south),\(box.east),\(box.north)")
        #expect(statistics.text == layer.text, "the same sources and values")
        #expect(try server.get("/pipelines/\(String(repeating: "0", count: 64))/preview.png").status == 404)
    }

    // MARK: Limits and errors

    @Test func refusalsNameTheParameter() throws {
        let cases: [(String, String)] = [
            ("/layers/elevation/bbox/west,37.5,-119.3,37.9/10x10.png", "minx"),
            ("/layers/elevation/bbox/-119.7,37.9,-119.3,37.5/10x10.png", "maxy"),
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/0x10.png", "width"),
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/10x-3.png", "height"),
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/10x10.png?dst_crs=EPSG:999999", "dst_crs"),
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/10x10.png?dst_crs=/etc/passwd", "dst_crs"),
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/10x10.tif?colour=red", "colour"),
            ("/layers/elevation/bbox/-200,37.5,-119.3,37.9/10x10.tif", "bbox"),
            // Only EPSG:4326, EPSG:3857 and UTM zones, within their domains: reprojection into
            // other CRSs, or far outside one, cannot be stopped by the render budget.
            ("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/10x10.png?dst_crs=EPSG:3035", "dst_crs"),
            ("/layers/elevation/bbox/0,0,1e15,1/10x10.png?dst_crs=EPSG:3857", "bbox"),
            ("/layers/elevation/bbox/-5e6,4e6,5e5,4.2e6/10x10.png?dst_crs=EPSG:32611", "bbox"),
            ("/layers/elevation/preview.png?max_size=0", "max_size"),
            ("/layers/elevation/preview.png?max_size=1&max_size=2", "max_size"),
            ("/layers/elevation/statistics?bins=0", "bins"),
            ("/layers/elevation/statistics?p=101", "p"),
            ("/layers/elevation/statistics?bbox=1,2,3", "bbox"),
            ("/layers/elevation/statistics?bbox=10,10,11,11", "bbox"),
        ]
        for (target, parameter) in cases {
            let response = try server.get(target)
            #expect(response.status == 400, "\(target): \(response.text.prefix(200))")
            let body = try json(response)
            #expect(body["parameter"] as? String == parameter, "\(target): \(body)")
        }
        let posts = [
            "not json", #"{"type": "Point", "coordinates": [0, 0]}"#,
            #"{"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}"#,
        ]
        for body in posts {
            let response = try server.get("/layers/elevation/statistics", method: "POST", body: body)
            let answer = try json(response)
            #expect(response.status == 400 && answer["parameter"] as? String == "body", "\(body)")
        }
    }

    @Test func tooManyPixelsIs413AndUnknownLayersAre404() throws {
        #expect(try server.get("/layers/elevation/bbox/-119.7,37.5,-119.3,37.9/5000x5000.png").status == 413)
        #expect(try server.get("/layers/elevation/preview.png?max_size=8192").status == 413)
        for target in [
            "/layers/nope/bbox/-119.7,37.5,-119.3,37.9/10x10.png", "/layers/nope/preview.png",
            "/layers/nope/statistics",
        ] {
            #expect(try server.get(target).status == 404, "\(target)")
        }
        let large = String(repeating: " ", count: 70 * 1024)
        #expect(try server.get("/layers/elevation/statistics", method: "POST", body: large).status == 413)
        #expect(try server.get("/layers/elevation/preview.png", method: "POST", body: "{}").status == 405)
    }

    @Test func queriesWaitInTheRenderQueueAndKeepTheBudget() throws {
        let strict = try RunningServer(layers: try DemoLayers.all()) { $0.renderBudget = .milliseconds(10) }
        let response = try strict.get("/layers/elevation/bbox/-120.7,36.7,-117.4,38.6/4000x4000.png")
        #expect(response.status == 503, "\(response.text.prefix(200))")
        #expect(response.header("Retry-After") == "1")
    }

    // MARK: Helpers

    static func polygon(_ ring: [(Double, Double)]) -> String {
        #"{"type": "Polygon", "coordinates": [[\#(ring.map { "[\($0.0), \($0.1)]" }.joined(separator: ", "))]]}"#
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
    }

    func pngSize(_ response: TestResponse) throws -> (width: Int, height: Int) {
        let bytes = response.body
        try #require(bytes.count > 24 && bytes[1...3] == [0x50, 0x4E, 0x47])
        func integer(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        return (integer(16), integer(20))
    }

    struct Comparison: CustomStringConvertible {
        let pixels: Int
        let equal: Int
        let valid: Int
        let transformEqual: Bool
        var description: String { "\(equal)/\(pixels) equal (\(valid) valid), transform equal: \(transformEqual)" }
    }

    /// gdalwarp's warp of the SRTM sample onto the same grid, compared with the answer.
    func compareWithGdalwarp(_ response: TestResponse, crs: String, bounds: [Double], width: Int, height: Int) throws
        -> Comparison
    {
        let directory = try temporaryDirectory("bbox")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let answer = directory + "/answer.tif"
        let reference = directory + "/reference.tif"
        try Data(response.body).write(to: URL(fileURLWithPath: answer))
        let warp = try runToCompletion(
            "/usr/bin/env",
            [
                "gdalwarp", "-q", "-t_srs", crs, "-te",
            ] + bounds.map { String($0) } + [
                "-ts", "\(width)", "\(height)", "-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan",
                PackagePaths.data + "/srtm90.tif", reference,
            ])
        try #require(warp.status == 0, "\(warp.standardError)")
        let values = try python(["warp-compare", answer, reference])
        return Comparison(
            pixels: values["pixels"] as? Int ?? 0, equal: values["equal"] as? Int ?? -1,
            valid: values["valid"] as? Int ?? 0, transformEqual: values["transformEqual"] as? Bool ?? false)
    }

    func reference(polygon: String, overview: Int, percents: [Double], bins: Int) throws -> [String: Any] {
        try python([
            "statistics", PackagePaths.data + "/srtm90.tif", "1", "\(overview)", polygon,
            percents.map { String($0) }.joined(separator: ","), "\(bins)",
        ])
    }

    func python(_ arguments: [String]) throws -> [String: Any] {
        let run = try runToCompletion(
            "/usr/bin/python3",
            [PackagePaths.root.appendingPathComponent("scripts/query-reference.py").path] + arguments)
        try #require(run.status == 0, "\(run.standardError)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Any])
    }

    /// The answer's source band and pipeline band (elevation's values are its source's) match numpy's.
    func expectSame(_ answer: [String: Any], _ expected: [String: Any], level: String) throws {
        let grid = try #require(answer["grid"] as? [String: Any])
        #expect(grid["level"] as? String == level)
        for key in ["column", "row", "width", "height"] {
            #expect(grid[key] as? Int == expected[key] as? Int, "grid \(key): \(grid) vs \(expected)")
        }
        let bands = try #require(answer["bands"] as? [[String: Any]])
        let pipeline = try #require(answer["pipeline"] as? [[String: Any]])
        try #require(bands.count == 1 && pipeline.count == 1)
        for band in [bands[0], pipeline[0]] {
            #expect(band["pixels"] as? Int == expected["pixels"] as? Int)
            #expect(band["count"] as? Int == expected["count"] as? Int)
            for key in ["min", "max", "mean", "std"] {
                let got = try #require(band[key] as? Double, "\(key)")
                let want = try #require(expected[key] as? Double, "\(key)")
                #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "\(key): \(got) vs \(want)")
            }
            let percentiles = try #require(band["percentiles"] as? [[String: Any]]).compactMap {
                $0["value"] as? Double
            }
            let wanted = try #require(expected["percentiles"] as? [Double])
            #expect(percentiles.count == wanted.count)
            for (got, want) in zip(percentiles, wanted) {
                #expect(abs(got - want) <= 1e-9 * max(1, abs(want)), "percentile \(got) vs \(want)")
            }
            let histogram = try #require(band["histogram"] as? [String: Any])
            let reference = try #require(expected["histogram"] as? [String: Any])
            #expect(histogram["counts"] as? [Int] == reference["counts"] as? [Int])
            let edges = try #require(histogram["edges"] as? [Double])
            let referenceEdges = try #require(reference["edges"] as? [Double])
            #expect(edges.count == referenceEdges.count)
            for (got, want) in zip(edges, referenceEdges) { #expect(abs(got - want) <= 1e-9 * max(1, abs(want))) }
        }
    }
}
