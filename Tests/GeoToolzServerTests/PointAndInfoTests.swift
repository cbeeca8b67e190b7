import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// `/point` and `/info` over HTTP, checked against GDAL's own command-line tools on the same
/// files: `gdallocationinfo -wgs84 -valonly` for values, `gdalinfo -json` for descriptions.
@Suite(.serialized) struct PointAndInfoTests {
    /// The elevation file read with nearest resampling (so the pipeline's value is the source
    /// pixel's), a UTM piece of the mosaic that has nodata, and the demo mosaic.
    static let layers = Result { () throws -> [Layer] in
        try DemoLayers.custom([
            "dem": elevationLayer(name: "dem").replacingOccurrences(
                of: "resampling: bilinear", with: "resampling: nearest"),
            "utm": """
            name: utm
            source: srtm-mosaic/srtm_r0_c1.tif
            resampling: nearest
            pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
            """,
            "mosaic": """
            name: mosaic
            source: srtm-mosaic/*.tif
            mosaic: first
            minzoom: 6
            pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
            """,
            "highest": """
            name: highest
            source: srtm-mosaic/*.tif
            mosaic: highest
            minzoom: 6
            pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
            """,
            "count": """
            name: count
            source: srtm-mosaic/*.tif
            mosaic: count
            minzoom: 6
            pipeline: {_target_: Colormap, name: gray, vmin: 0, vmax: 4}
            """,
        ])
    }

    static let data = PackagePaths.data

    /// What `gdallocationinfo -wgs84 -valonly` prints for band `band` of `file` at a point:
    /// nil when it prints nothing (the point is off the file).
    func locationInfo(_ file: String, _ lon: Double, _ lat: Double, band: Int = 1) throws -> Double? {
        let result = try runToCompletion(
            "/usr/bin/gdallocationinfo",
            ["-wgs84", "-valonly", "-b", "\(band)", "\(Self.data)/\(file)", "\(lon)", "\(lat)"])
        try #require(result.status == 0, "gdallocationinfo: \(result.standardError)")
        let text = result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return nil }
        let value = Double(text)
        try #require(value != nil, "gdallocationinfo printed '\(text)'")
        return value
    }

    /// The pixel `gdallocationinfo -wgs84` reports for a point of `file` ("Location: (1553P,1146L)").
    func locationPixel(_ file: String, _ lon: Double, _ lat: Double) throws -> [Int]? {
        let result = try runToCompletion(
            "/usr/bin/gdallocationinfo", ["-wgs84", "\(Self.data)/\(file)", "\(lon)", "\(lat)"])
        guard let match = result.standardOutput.firstMatch(of: /Location: \((\d+)P,(\d+)L\)/) else { return nil }
        return [Int(match.1)!, Int(match.2)!]
    }

    /// `gdalinfo -json` of `file`.
    func gdalinfo(_ file: String) throws -> [String: Any] {
        let result = try runToCompletion("/usr/bin/gdalinfo", ["-json", "\(Self.data)/\(file)"])
        try #require(result.status == 0, "gdalinfo: \(result.standardError)")
        return try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
    }

    /// Whether two lists of numbers agree to gdalinfo's printed precision (json-c prints 15
    /// to 17 significant digits, so the last ones differ from the double GDAL holds).
    func close(_ a: [Double]?, _ b: [Double]?) -> Bool {
        guard let a, let b, a.count == b.count else { return false }
        return zip(a, b).allSatisfy { abs($0 - $1) <= 1e-12 * max(abs($0), abs($1), 1e-300) }
    }

    func object(_ response: TestResponse) throws -> [String: Any] {
        try #require(try response.json() as? [String: Any], "not a JSON object: \(response.text.prefix(300))")
    }

    func source(_ body: [String: Any], _ index: Int = 0) throws -> [String: Any] {
        let sources = try #require(body["sources"] as? [[String: Any]])
        return try #require(sources.count > index ? sources[index] : nil)
    }

    /// The values of a JSON array of numbers and nulls.
    func values(_ value: Any?) throws -> [Double?] {
        let array = try #require(value as? [Any], "not an array: \(String(describing: value))")
        return array.map { ($0 as? NSNumber)?.doubleValue }
    }

    @Test func sourceValuesAreGdallocationinfosAndNodataIsNull() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        // Points inside the elevation file, across it.
        for (lon, lat) in [(-119.5, 37.7), (-120.7, 38.6), (-117.31, 36.64), (-118.2924, 36.5785 + 0.5)] {
            let expected = try #require(try locationInfo("srtm90.tif", lon, lat))
            let response = try server.get("/layers/dem/point/\(lon),\(lat)")
            #expect(response.status == 200, "\(response.text)")
            let body = try object(response)
            let read = try source(body)
            #expect(try values(read["values"]) == [expected], "\(lon),\(lat): \(read)")
            #expect(read["pixel"] as? [Int] == (try locationPixel("srtm90.tif", lon, lat)), "\(lon),\(lat)")
            #expect(read["path"] as? String == "srtm90.tif")
            #expect(body["inside"] as? Bool == true)
            // Nearest resampling at the file's resolution draws the same pixel.
            #expect(try values(body["values"]) == [expected], "\(lon),\(lat): the pipeline's value \(body)")
        }
        // A corner of the UTM file, inside the raster but outside the data: -32768 is its nodata.
        let corner = (lon: -119.626617767018, lat: 38.6240537375265)
        #expect(try locationInfo("srtm-mosaic/srtm_r0_c1.tif", corner.lon, corner.lat) == -32768)
        let nodata = try object(server.get("/layers/utm/point/\(corner.lon),\(corner.lat)"))
        #expect(try values(source(nodata)["values"]) == [nil], "\(nodata)")
        #expect(try values(nodata["values"]) == [nil])
        #expect(nodata["inside"] as? Bool == false)
        #expect(try source(nodata)["pixel"] as? [Int] != nil, "the point is on the raster")
        let (lon, lat) = (-119.0, 38.3)
        let expected = try #require(try locationInfo("srtm-mosaic/srtm_r0_c1.tif", lon, lat))
        let utm = try object(server.get("/layers/utm/point/\(lon),\(lat)"))
        #expect(try values(source(utm)["values"]) == [expected], "\(utm)")
    }

    @Test func aPointOutsideTheDataIs200WithNulls() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        #expect(try locationInfo("srtm90.tif", 10, 50) == nil, "gdallocationinfo: off the file")
        for target in ["/layers/dem/point/10,50", "/layers/mosaic/point/10,50", "/layers/dem/point/0,89.5"] {
            let response = try server.get(target)
            #expect(response.status == 200, "\(target): \(response.text)")
            let body = try object(response)
            #expect(body["inside"] as? Bool == false, "\(target)")
            #expect(try values(source(body)["values"]) == [nil], "\(target)")
            #expect(try values(body["values"]) == [nil], "\(target)")
        }
        #expect(try source(object(server.get("/layers/dem/point/10,50")))["pixel"] is NSNull)
    }

    @Test func aMosaicPointIsTheWinningFilesValue() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.data + "/srtm-mosaic")
            .filter { $0.hasSuffix(".tif") }.sorted().map { "srtm-mosaic/" + $0 }
        // Where pieces overlap (the first two), inside one piece only, and where four meet.
        for (lon, lat) in [(-119.61, 38.3), (-119.0, 38.3), (-119.605, 37.963), (-118.0, 37.0)] {
            // `first`: the first file in path order with a value that is not its nodata.
            var winner: (file: String, value: Double)?
            for file in files {
                guard let value = try locationInfo(file, lon, lat) else { continue }
                let bands = try #require(try gdalinfo(file)["bands"] as? [[String: Any]])
                if let nodata = (bands[0]["noDataValue"] as? NSNumber)?.doubleValue, nodata == value { continue }
                winner = (file, value)
                break
            }
            let expected = try #require(winner, "no file has a value at \(lon),\(lat)")
            let body = try object(server.get("/layers/mosaic/point/\(lon),\(lat)"))
            let read = try source(body)
            #expect(try values(read["values"]) == [expected.value], "\(lon),\(lat): \(read), expected \(expected)")
            #expect((read["files"] as? [String])?.first == expected.file, "\(lon),\(lat): \(read)")
        }
    }

    /// `highest` and `count` composite every file valid at the point, as the compositor does for tiles.
    @Test func otherMosaicMethodsCompositeEveryValidFile() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.data + "/srtm-mosaic")
            .filter { $0.hasSuffix(".tif") }.sorted().map { "srtm-mosaic/" + $0 }
        for (lon, lat) in [(-119.61, 38.3), (-119.605, 37.963), (-119.0, 38.3)] {
            var valid = [(file: String, value: Double)]()
            for file in files {
                guard let value = try locationInfo(file, lon, lat) else { continue }
                let bands = try #require(try gdalinfo(file)["bands"] as? [[String: Any]])
                if let nodata = (bands[0]["noDataValue"] as? NSNumber)?.doubleValue, nodata == value { continue }
                valid.append((file, value))
            }
            let highest = try source(object(server.get("/layers/highest/point/\(lon),\(lat)")))
            #expect(try values(highest["values"]) == [valid.map(\.value).max()], "\(lon),\(lat): \(highest)")
            #expect(highest["files"] as? [String] == valid.map(\.file), "\(lon),\(lat)")
            let count = try source(object(server.get("/layers/count/point/\(lon),\(lat)")))
            #expect(try values(count["values"]) == [Double(valid.count)], "\(lon),\(lat): \(count)")
        }
    }

    /// A layer of two named sources (a file and a mosaic) answers for each, in the Graph's input
    /// order, and its pipeline (the two stacked, read nearest) gives each source's pixel.
    @Test func eachSourceOfAGraphLayerIsAnswered() throws {
        let layers = try DemoLayers.custom([
            "pair": """
            name: pair
            sources:
              dem: {path: srtm90.tif, resampling: nearest}
              pieces: {path: srtm-mosaic/*.tif, resampling: nearest}
            pipeline:
              _target_: Graph
              inputs: [pieces, dem]
              nodes:
                - {name: both, op: {_target_: Stack}, inputs: [pieces, dem]}
              outputs: {out: both}
            """
        ])
        let server = try RunningServer(layers: layers)
        let (lon, lat) = (-119.0, 38.3)
        let dem = try #require(try locationInfo("srtm90.tif", lon, lat))
        let piece = try #require(try locationInfo("srtm-mosaic/srtm_r0_c1.tif", lon, lat))
        let body = try object(server.get("/layers/pair/point/\(lon),\(lat)"))
        #expect(try source(body, 0)["input"] as? String == "pieces")
        #expect(try values(source(body, 0)["values"]) == [piece], "\(body)")
        #expect(try source(body, 0)["files"] as? [String] == ["srtm-mosaic/srtm_r0_c1.tif"])
        #expect(try source(body, 1)["input"] as? String == "dem")
        #expect(try values(source(body, 1)["values"]) == [dem], "\(body)")
        #expect(try values(body["values"]) == [piece, dem], "\(body)")
        let info = try object(server.get("/layers/pair/info"))
        #expect(try source(info, 0)["kind"] as? String == "mosaic" && source(info, 1)["kind"] as? String == "file")
        #expect(info["files"] as? Int == 10)
    }

    @Test func infoIsWhatGdalinfoSays() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        for (layer, file, epsg) in [
            ("dem", "srtm90.tif", "EPSG:4326"), ("utm", "srtm-mosaic/srtm_r0_c1.tif", "EPSG:32611"),
        ] {
            let response = try server.get("/layers/\(layer)/info")
            #expect(response.status == 200, "\(response.text)")
            let body = try object(response)
            let info = try source(body)
            let reference = try gdalinfo(file)
            #expect(info["path"] as? String == file)
            #expect(info["kind"] as? String == "file")
            #expect(info["driver"] as? String == reference["driverShortName"] as? String)
            #expect(info["size"] as? [Int] == reference["size"] as? [Int])
            #expect(close(info["geoTransform"] as? [Double], reference["geoTransform"] as? [Double]))
            let stac = try #require(reference["stac"] as? [String: Any])
            #expect((info["crs"] as? [String: Any])?["code"] as? String == "EPSG:\(stac["proj:epsg"] ?? "")")
            #expect((info["crs"] as? [String: Any])?["code"] as? String == epsg)
            let bands = try #require(info["bands"] as? [[String: Any]])
            let expectedBands = try #require(reference["bands"] as? [[String: Any]])
            #expect(bands.count == expectedBands.count)
            for (band, expected) in zip(bands, expectedBands) {
                #expect(band["type"] as? String == expected["type"] as? String)
                #expect(band["colorInterpretation"] as? String == expected["colorInterpretation"] as? String)
                #expect(
                    (band["nodata"] as? NSNumber)?.doubleValue == (expected["noDataValue"] as? NSNumber)?.doubleValue)
                let overviews = (expected["overviews"] as? [[String: Any]] ?? []).compactMap { $0["size"] as? [Int] }
                #expect(band["overviews"] as? [[Int]] == overviews)
            }
            let geo = try #require(reference["geoTransform"] as? [Double])
            #expect(close(info["resolution"] as? [Double], [abs(geo[1]), abs(geo[5])]))
            // gdalinfo's extent joins the corners; ours follows the edges too: within 0.01°.
            let corners = try #require(
                ((reference["wgs84Extent"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
            let box = [
                corners.map { $0[0] }.min()!, corners.map { $0[1] }.min()!, corners.map { $0[0] }.max()!,
                corners.map { $0[1] }.max()!,
            ]
            let bounds = try #require(info["bounds"] as? [Double])
            #expect(zip(bounds, box).allSatisfy { abs($0 - $1) < 0.01 }, "\(bounds) vs \(box)")
            #expect(body["files"] as? Int == 1)
        }
    }

    @Test func mosaicInfoSumsUpItsFiles() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        let body = try object(server.get("/layers/mosaic/info"))
        let info = try source(body)
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.data + "/srtm-mosaic")
            .filter { $0.hasSuffix(".tif") }.sorted().map { "srtm-mosaic/" + $0 }
        var codes = Set<String>()
        var box = [Double.infinity, .infinity, -Double.infinity, -Double.infinity]
        var resolutions = [String: Double]()
        for file in files {
            let reference = try gdalinfo(file)
            let code = "EPSG:\((reference["stac"] as? [String: Any])?["proj:epsg"] ?? "")"
            codes.insert(code)
            let geo = try #require(reference["geoTransform"] as? [Double])
            resolutions[code] = min(resolutions[code] ?? .infinity, abs(geo[1]))
            let corners = try #require(
                ((reference["wgs84Extent"] as? [String: Any])?["coordinates"] as? [[[Double]]])?.first)
            box = [
                min(box[0], corners.map { $0[0] }.min()!), min(box[1], corners.map { $0[1] }.min()!),
                max(box[2], corners.map { $0[0] }.max()!), max(box[3], corners.map { $0[1] }.max()!),
            ]
        }
        #expect(info["kind"] as? String == "mosaic")
        #expect(info["files"] as? Int == files.count)
        #expect(body["files"] as? Int == files.count)
        let crss = try #require(info["crs"] as? [[String: Any]])
        #expect(Set(crss.compactMap { $0["code"] as? String }) == codes)
        for crs in crss {
            let code = try #require(crs["code"] as? String)
            #expect(close((crs["resolution"] as? [Double]).map { [$0[0]] }, resolutions[code].map { [$0] }), "\(code)")
        }
        #expect(crss.compactMap { $0["files"] as? Int }.reduce(0, +) == files.count)
        let bounds = try #require(info["bounds"] as? [Double])
        #expect(zip(bounds, box).allSatisfy { abs($0 - $1) < 0.01 }, "\(bounds) vs \(box)")
        let finest = try #require(info["finestResolution"] as? [String: Any])
        #expect(files.contains(finest["file"] as? String ?? ""))
        #expect(((finest["metres"] as? Double) ?? 0) > 50 && ((finest["metres"] as? Double) ?? 0) < 100)
    }

    @Test func aPostedPipelineAnswersAsItsLayer() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        let posted = try server.get(
            "/pipelines", method: "POST", headers: ["Content-Type": "application/json"],
            body: #"{"layer": "dem", "pipeline": {"_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 4400}}"#)
        #expect(posted.status == 201, "\(posted.text)")
        let id = try #require(try object(posted)["id"] as? String)
        let (lon, lat) = (-119.5, 37.7)
        let expected = try #require(try locationInfo("srtm90.tif", lon, lat))
        let body = try object(server.get("/pipelines/\(id)/point/\(lon),\(lat)"))
        #expect(body["pipeline"] as? String == id)
        #expect(try values(source(body)["values"]) == [expected])
        #expect(try values(body["values"]) == [expected])
        let info = try object(server.get("/pipelines/\(id)/info"))
        #expect(info["pipeline"] as? String == id && info["layer"] as? String == "dem")
        #expect(try source(info)["path"] as? String == "srtm90.tif")
        let unknown = String(repeating: "0", count: 64)
        #expect(try server.get("/pipelines/\(unknown)/point/\(lon),\(lat)").status == 404)
        #expect(try server.get("/pipelines/\(unknown)/info").status == 404)
        let malformed = try server.get("/pipelines/\(id)/point/\(lon),north")
        #expect(malformed.status == 400)
        #expect(try object(malformed)["parameter"] as? String == "lat")
    }

    @Test func pointAndInfoPathsRoute() throws {
        #expect(try Route.parse("/layers/dem/point/-119.5,37.7") == .layerPoint("dem", coordinates: "-119.5,37.7"))
        #expect(try Route.parse("/layers/dem/info") == .layerInfo("dem"))
        let id = String(repeating: "a", count: 64)
        #expect(try Route.parse("/pipelines/\(id)/point/1,2") == .pipelinePoint(id: id, coordinates: "1,2"))
        #expect(try Route.parse("/pipelines/\(id)/info") == .pipelineInfo(id))
        for path in ["/layers/dem/point", "/layers/dem/point/1,2/3", "/layers//point/1,2", "/pipelines/\(id)/point"] {
            #expect(throws: RouteError.notFound, "\(path)") { try Route.parse(Substring(path)) }
        }
    }

    @Test func malformedCoordinatesAre400NamingThePartAndUnknownLayers404() throws {
        let server = try RunningServer(layers: try Self.layers.get())
        let cases: [(String, String)] = [
            ("abc,37.7", "lon"), ("-119.5,abc", "lat"), ("-119.5,91", "lat"), ("-119.5,-90.5", "lat"),
            ("181,0", "lon"), ("0x1p3,0", "lon"), ("nan,0", "lon"), ("inf,0", "lon"), ("-119.5", "coordinates"),
            ("1,2,3", "coordinates"), (",", "lon"), ("-119.5,", "lat"),
        ]
        for (coordinates, parameter) in cases {
            let response = try server.get("/layers/dem/point/\(coordinates)")
            #expect(response.status == 400, "\(coordinates): \(response.text)")
            let body = try object(response)
            #expect(body["parameter"] as? String == parameter, "\(coordinates): \(body)")
            #expect((body["detail"] as? String)?.hasPrefix(parameter + ":") == true, "\(coordinates): \(body)")
        }
        #expect(try server.get("/layers/dem/point/-90,90").status == 200, "the edges of the ranges are points")
        #expect(try server.get("/layers/dem/point/180,-90").status == 200)
        #expect(try server.get("/layers/dem/point/-119.5%2C37.7").status == 200, "an encoded comma")
        for target in ["/layers/no-such-layer/point/-119.5,37.7", "/layers/no-such-layer/info"] {
            let response = try server.get(target)
            #expect(response.status == 404, "\(target)")
            #expect(try object(response)["error"] as? String == "unknown layer")
        }
    }

    /// Point and info queries wait in the render queue like tiles: with the one render thread
    /// busy and the queue full, they are refused 503 with `Retry-After`, and answered again once
    /// the renders are done.
    @Test func queriesMeetTheRenderQueuesBackPressure() throws {
        let layers = try DemoLayers.custom([
            "slow": elevationLayer(name: "slow", pipeline: RenderBudgetTests.slowPipeline),
            "dem": elevationLayer(name: "dem"),
        ])
        let server = try RunningServer(layers: layers) {
            $0.renderThreads = 1
            $0.renderQueueCapacity = 1
            $0.renderBudget = .seconds(2)
        }
        let tiles = try (9...10).map { try centreTile(layers.first { $0.name == "slow" }!, zoom: $0) }
        var lastPool: [String: Any]?
        func poolIs(busy: Int, queued: Int) -> Bool {
            let health = try? server.get("/health").json() as? [String: Any]
            lastPool = (health?["dependencies"] as? [String: Any])?["renderPool"] as? [String: Any]
            return lastPool?["busyThreads"] as? Int == busy && lastPool?["queueDepth"] as? Int == queued
        }
        // The second render is asked once the first holds the thread: asked together, both could
        // find the thread not yet taken, the first waiting in the one queue slot and the second refused.
        var renders = [RenderBudgetTests.TimedRequest(server, path("slow", tiles[0], scale: 2))]
        #expect(
            eventually { poolIs(busy: 1, queued: 0) },
            "one render running; the pool said \(String(describing: lastPool))")
        renders.append(RenderBudgetTests.TimedRequest(server, path("slow", tiles[1], scale: 2)))
        #expect(
            eventually { poolIs(busy: 1, queued: 1) },
            "one render running and one queued; the pool said \(String(describing: lastPool)); done: \(renders.filter(\.isDone).map { "\($0.wait().response?.status ?? -1) in \($0.wait().elapsed)" })"
        )
        for target in ["/layers/dem/point/-119.5,37.7", "/layers/dem/info"] {
            let refused = try server.get(target)
            #expect(refused.status == 503, "\(target): \(refused.text)")
            #expect(refused.header("Retry-After") == "1")
            #expect(try object(refused)["error"] as? String == "render queue full")
        }
        _ = renders.map { $0.wait() }
        #expect(try server.get("/layers/dem/point/-119.5,37.7").status == 200)
    }

    /// A point query runs under the render budget: one whose pipeline takes longer is answered
    /// 503 with `Retry-After` and counted as a timeout, while other queries are answered.
    @Test func aQueryOverTheRenderBudgetIs503() throws {
        // Two hundred hillshades in a row read 200 pixels around the point: a 401 × 401 window
        // shaded 200 times, far longer than the budget.
        let steps = String(repeating: "    - {_target_: Hillshade}\n", count: 200)
        let pipeline =
            "_target_: Sequential\n  operators:\n" + steps + "    - {_target_: Colormap, name: gray, vmin: 0, vmax: 1}"
        let layers = try DemoLayers.custom([
            "slow": elevationLayer(name: "slow", pipeline: pipeline), "dem": elevationLayer(name: "dem"),
        ])
        let server = try RunningServer(layers: layers) {
            $0.renderBudget = .milliseconds(200)
            $0.renderThreads = 2
        }
        let refused = try server.get("/layers/slow/point/-119.5,37.7")
        #expect(refused.status == 503, "\(refused.text)")
        #expect(refused.header("Retry-After") == "1")
        #expect(try object(refused)["error"] as? String == "query over budget")
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "slow"]) == 1)
        #expect(try server.get("/layers/dem/point/-119.5,37.7").status == 200)
    }
}
