import Foundation
import GeoToolz
import GeoToolzCache
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// `/pipelines` against the real server: posting, serving tiles, sharing through Redis, and
/// refusing what a hostile client may send.
@Suite(.serialized) struct PipelineRoutesTests {
    static let grey = """
        layer: elevation
        pipeline:
          _target_: Sequential
          operators:
            - {_target_: Colormap, name: gray, vmin: 0, vmax: 4400}
        """

    func post(_ server: RunningServer, _ body: String, to path: String = "/pipelines", headers: [String: String] = [:])
        throws -> TestResponse
    {
        try server.get(
            path, method: "POST", headers: ["Content-Type": "application/yaml"].merging(headers) { $1 }, body: body)
    }

    func json(_ response: TestResponse) throws -> [String: Any] {
        try #require(try response.json() as? [String: Any], "\(response.text)")
    }

    @Test func aPostedPipelineDrawsTilesUnderItsOwnHashAndTheSameIdTwice() throws {
        let layers = try DemoLayers.all()
        let server = try RunningServer(layers: layers)
        let created = try post(server, Self.grey)
        #expect(created.status == 201, "\(created.text)")
        let body = try json(created)
        let id = try #require(body["id"] as? String)
        #expect(created.header("Location") == "/pipelines/\(id)")
        #expect((body["tiles"] as? String)?.hasSuffix("/pipelines/\(id)/tiles/{z}/{x}/{y}.png") == true)
        // The same recipe in JSON, keys in another order: the same id.
        let again = try server.get(
            "/pipelines", method: "POST", headers: ["Content-Type": "application/json"],
            body:
                #"{"pipeline": {"operators": [{"vmax": 4400, "vmin": 0, "name": "gray", "_target_": "Colormap"}], "_target_": "Sequential"}, "layer": "elevation"}"#
        )
        #expect(again.status == 201)
        #expect(try json(again)["id"] as? String == id)

        let elevation = try #require(layers.first { $0.name == "elevation" })
        let tile = try centreTile(elevation, zoom: 9)
        let target = "/pipelines/\(id)/tiles/\(tile.zoom)/\(tile.x)/\(tile.y).png"
        let first = try server.get(target)
        #expect(first.status == 200)
        #expect(first.header("X-Cache") == "miss")
        #expect(first.header("X-Config-Hash") != elevation.configHash)
        let layerTile = try server.get(path("elevation", tile))
        #expect(first.header("ETag") != layerTile.header("ETag"))
        let second = try server.get(target)
        #expect(second.header("X-Cache") == "memory")
        #expect(try server.get(target, headers: ["If-None-Match": first.header("ETag")!]).status == 304)
        #expect(try server.get("/pipelines/\(id)/tiles/\(tile.zoom)/0/0.png").status == 204)

        // Grey from gdalwarp's elevation of the same tile: the colormap maps 0…4400 m onto 0…255.
        let (red, green, blue) = try bandMeans(first.body)
        #expect(abs(red - green) < 0.01 && abs(green - blue) < 0.01, "\(red) \(green) \(blue)")
        let elevationMean = try warpedMean(tile)
        #expect(abs(red - elevationMean * 255 / 4400) < 2, "grey \(red), elevation \(elevationMean)")

        let recipe = try json(try server.get("/pipelines/\(id)"))
        #expect(recipe["layer"] as? String == "elevation")
        #expect(recipe["id"] as? String == id)
        let yaml = try server.get("/pipelines/\(id)/pipeline.yaml")
        #expect(yaml.header("Content-Type")?.hasPrefix("application/yaml") == true)
        #expect(yaml.text.contains("name: gray"))
        let tileJSON = try json(try server.get("/pipelines/\(id)/tilejson.json"))
        #expect((tileJSON["tiles"] as? [String])?.first?.contains("/pipelines/\(id)/tiles/") == true)
        #expect(try server.get("/pipelines/" + String(repeating: "a", count: 64)).status == 404)
        #expect(try server.get("/pipelines/not-an-id").status == 400)
    }

    @Test func aSecondServerOnTheSameRedisResolvesTheId() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let layers = try DemoLayers.all()
        let configure: (inout ServerConfiguration) -> Void = { configuration in
            var cache = RedisCacheConfiguration(url: redis.url)
            cache.connectTimeout = .milliseconds(500)
            cache.commandTimeout = .milliseconds(500)
            configuration.redis = cache
        }
        let first = try RunningServer(layers: layers, configure: configure)
        let id = try #require(try json(try post(first, Self.grey))["id"] as? String)
        let second = try RunningServer(layers: layers, configure: configure)
        let recipe = try second.get("/pipelines/\(id)")
        #expect(recipe.status == 200, "\(recipe.text)")
        #expect(try json(recipe)["id"] as? String == id)
        let elevation = try #require(layers.first { $0.name == "elevation" })
        let tile = try centreTile(elevation, zoom: 9)
        let drawn = try second.get("/pipelines/\(id)/tiles/\(tile.zoom)/\(tile.x)/\(tile.y).png")
        #expect(drawn.status == 200)
        // A record that does not hash to its key is not trusted.
        let forged = String(repeating: "b", count: 64)
        let connection = try RedisConnection(url: redis.url, connectTimeout: .seconds(2), commandTimeout: .seconds(2))
        _ = try connection.run([
            "SET", PipelineStore.redisKey(forged), #"{"layer":"elevation","pipeline":{"_target_":"Identity"}}"#,
        ])
        #expect(try second.get("/pipelines/\(forged)").status == 404)
    }

    struct Hostile: CustomTestStringConvertible, Sendable {
        let name: String
        let body: String
        let path: String
        let message: String
        var testDescription: String { name }
    }

    static let hostile: [Hostile] = [
        Hostile(
            name: "a code-running target", body: "layer: elevation\npipeline: {_target_: os.system, command: ls}\n",
            path: "pipeline._target_", message: "unknown operator 'os.system'"),
        Hostile(
            name: "a Python path", body: "layer: elevation\npipeline:\n  _target_: subprocess.Popen\n",
            path: "pipeline._target_", message: "unknown operator 'subprocess.Popen'"),
        Hostile(
            name: "a Lambda", body: "layer: elevation\npipeline: {_target_: Lambda}\n", path: "pipeline._target_",
            message: "Lambda"),
        Hostile(
            name: "65 operators",
            body: "layer: elevation\npipeline:\n  _target_: Sequential\n  operators:\n"
                + String(repeating: "    - {_target_: Identity}\n", count: 64)
                + "    - {_target_: Colormap, name: gray, vmin: 0, vmax: 1}\n",
            path: "pipeline", message: "64"),
        Hostile(
            name: "deep nesting",
            body: "layer: elevation\npipeline: "
                + String(repeating: "{_target_: Sequential, operators: [", count: 12) + "{_target_: Identity}"
                + String(repeating: "]}", count: 12) + "\n",
            path: "pipeline", message: "deep"),
        Hostile(
            name: "a huge expression",
            body: "layer: elevation\npipeline: {_target_: BandMath, expression: '"
                + String(repeating: "b1+", count: 2000) + "b1'}\n",
            path: "pipeline.expression", message: "longer than"),
        Hostile(
            name: "an unknown layer", body: "layer: nowhere\npipeline: {_target_: Identity}\n", path: "",
            message: "no layer 'nowhere'"),
        Hostile(
            name: "bands the layer does not give",
            body: "layer: elevation\npipeline: {_target_: TrueColor, red: 3, green: 2, blue: 1}\n",
            path: "pipeline", message: "band"),
    ]

    @Test(arguments: hostile) func hostilePipelinesAreRefusedWithLocatedErrors(_ hostile: Hostile) throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        for route in ["/pipelines/validate", "/pipelines"] {
            let response = try post(server, hostile.body, to: route)
            #expect(response.status == 400, "\(route): \(response.text.prefix(400))")
            let body = try json(response)
            let detail = body["detail"] as? String ?? ""
            #expect(detail.contains(hostile.message), "\(detail.prefix(400))")
            if !hostile.path.isEmpty {
                let location = try #require(body["location"] as? [String: Any], "\(body)")
                #expect((location["path"] as? String)?.hasPrefix(hostile.path) == true, "\(location)")
                #expect(location["line"] as? Int != nil, "\(location)")
            }
        }
        #expect(try server.get("/health").status == 200)
    }

    @Test func twentyThousandOperatorsAreRefusedBeforeTheyAreBuilt() throws {
        let operators = String(repeating: "{_target_: Identity},", count: 20_000)
        let body =
            "layer: elevation\npipeline: {_target_: Sequential, operators: [\(operators) {_target_: Identity}]}\n"
        // Over the default body limit: refused unread.
        let server = try RunningServer(layers: try DemoLayers.all())
        #expect(try post(server, body).status == 413)
        // With room for the body, the loader's limits refuse it, located, before building anything.
        let roomy = try RunningServer(layers: try DemoLayers.all()) {
            $0.pipelines.maxBodyBytes = 1 << 20
            $0.pipelines.limits.maxDocumentBytes = 1 << 20
        }
        let response = try post(roomy, body)
        #expect(response.status == 400)
        let detail = try json(response)["detail"] as? String ?? ""
        #expect(detail.contains("pipeline.operators[") && detail.contains("more than"), "\(detail.prefix(600))")
    }

    @Test func aHugeHaloIsRefused() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.pipelines.maxHalo = 4 }
        let body =
            "layer: elevation\npipeline:\n  _target_: Sequential\n  operators:\n"
            + String(repeating: "    - {_target_: Slope}\n", count: 6)
        let response = try post(server, body)
        #expect(response.status == 400)
        let detail = try json(response)["detail"] as? String ?? ""
        #expect(detail.contains("6 pixels") && detail.contains("at most 4"), "\(detail)")
    }

    @Test func postingTooFastIsRefusedWith429() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.pipelines.uploadsPerMinute = 3 }
        let statuses = try (0..<5).map { _ in try post(server, Self.grey).status }
        #expect(statuses.prefix(3).allSatisfy { $0 == 201 }, "\(statuses)")
        let refused = try post(server, Self.grey)
        #expect(refused.status == 429)
        #expect(Int(refused.header("Retry-After") ?? "") ?? 0 >= 1)
        // Reading stays open.
        #expect(try server.get("/layers").status == 200)
    }

    @Test func tokenModeNeedsTheBearerToken() throws {
        let token = "s3cret-token-0123456789"
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.pipelines.access = .token
            $0.pipelines.token = token
        }
        let anonymous = try post(server, Self.grey)
        #expect(anonymous.status == 401)
        #expect(anonymous.header("WWW-Authenticate")?.hasPrefix("Bearer") == true)
        #expect(try post(server, Self.grey, headers: ["Authorization": "Bearer wrong-token-0123456789"]).status == 401)
        #expect(try post(server, Self.grey, headers: ["Authorization": "Bearer \(token)"]).status == 201)

        let off = try RunningServer(layers: try DemoLayers.all()) { $0.pipelines.access = .off }
        #expect(try post(off, Self.grey).status == 403)
        // Not a loopback bind and no access given: token mode, and without a token nobody posts.
        let exposed = PipelineSettings()
        #expect(exposed.access(bindingTo: "0.0.0.0") == .token)
        #expect(exposed.access(bindingTo: "127.0.0.1") == .open)
    }

    @Test func aClientThatAsksBeforeSendingItsBodyIsToldToGoOn() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let client = try server.client()
        let body = Self.grey
        try client.send(
            "POST /pipelines HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/yaml\r\n"
                + "Expect: 100-continue\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        try client.send(body)
        #expect(try client.readResponse(method: "POST").status == 201)
    }

    @Test func preflightAllowsPostingFromOtherOrigins() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let preflight = try server.get(
            "/pipelines", method: "OPTIONS",
            headers: [
                "Origin": "http://example.org", "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            ])
        #expect(preflight.status == 204)
        #expect(preflight.header("Access-Control-Allow-Methods") == "POST, OPTIONS")
        #expect(preflight.header("Access-Control-Allow-Headers")?.contains("Content-Type") == true)
        #expect(try server.get("/pipelines").status == 405)
    }

    // MARK: References from GDAL

    /// The mean of each of the red, green and blue bands of a PNG, as GDAL reads it.
    func bandMeans(_ png: [UInt8]) throws -> (Double, Double, Double) {
        let directory = try temporaryDirectory("pipeline-png")
        let file = directory + "/tile.png"
        try Data(png).write(to: URL(fileURLWithPath: file))
        let rgba = directory + "/tile.tif"
        _ = try runToCompletion("/usr/bin/gdal_translate", ["-q", "-expand", "rgba", file, rgba])
        let means = try statistics(rgba)
        guard means.count >= 3 else { throw TestClientError.closed("gdalinfo gave \(means)") }
        return (means[0], means[1], means[2])
    }

    /// The mean elevation over `tile`, warped by gdalwarp (bilinear) onto the tile's grid.
    func warpedMean(_ tile: TileID) throws -> Double {
        let bounds = WebMercatorQuad.bounds(of: tile)
        let output = try temporaryDirectory("pipeline-warp") + "/tile.tif"
        _ = try runToCompletion(
            "/usr/bin/gdalwarp",
            [
                "-q", "-t_srs", "EPSG:3857", "-te", "\(bounds.minX)", "\(bounds.minY)", "\(bounds.maxX)",
                "\(bounds.maxY)", "-ts", "256", "256", "-r", "bilinear", PackagePaths.data + "/srtm90.tif", output,
            ])
        return try #require(try statistics(output).first)
    }

    /// Each band's mean, from `gdalinfo -stats`.
    func statistics(_ file: String) throws -> [Double] {
        let info = try runToCompletion("/usr/bin/gdalinfo", ["-stats", file]).standardOutput
        return info.split(separator: "\n").compactMap { line -> Double? in
            guard let range = line.range(of: "STATISTICS_MEAN=") else { return nil }
            return Double(line[range.upperBound...])
        }
    }
}
