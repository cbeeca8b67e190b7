import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// The real server on a loopback port, spoken to byte for byte: status codes and headers.
@Suite(.serialized) struct TileServerHTTPTests {
    let server: RunningServer
    let elevation: Layer

    init() throws {
        server = try RunningServer(layers: try DemoLayers.all())
        elevation = try #require(try DemoLayers.catalog.get().layer(named: "elevation"))
    }

    @Test func aTileHasEveryHeaderAClientNeeds() throws {
        let tile = try centreTile(elevation, zoom: 9)
        let response = try server.get(path("elevation", tile))
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "image/png")
        #expect(response.header("Content-Length") == String(response.body.count))
        #expect(Array(response.body.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let etag = try #require(response.header("ETag"))
        #expect(etag.hasPrefix("\"") && etag.hasSuffix("\"") && !etag.hasPrefix("W/"))
        #expect(etag.contains("-\(tile.zoom)-\(tile.x)-\(tile.y)-1"))
        #expect(response.header("Cache-Control") == "public, max-age=3600")
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        #expect(response.header("X-Config-Hash") == elevation.configHash)
        #expect(response.header("X-Cache") == "miss")
        let timing = try #require(response.header("Server-Timing"))
        #expect(timing.contains("read;dur=") && timing.contains("operators;dur=") && timing.contains("encode;dur="))
        // The same bytes as rendering the tile directly: one code path.
        #expect(response.body == Array(try elevation.render(tile).data))

        let again = try server.get(path("elevation", tile))
        #expect(again.header("X-Cache") == "memory")
        #expect(again.body == response.body && again.header("ETag") == etag)
        #expect(again.header("Server-Timing") == nil)
    }

    @Test func retinaTilesAre512Pixels() throws {
        let tile = try centreTile(elevation, zoom: 9)
        let response = try server.get(path("elevation", tile, scale: 2))
        #expect(response.status == 200)
        // IHDR width and height, big-endian, at bytes 16…23.
        let width = response.body[16..<20].reduce(0) { $0 << 8 | Int($1) }
        let height = response.body[20..<24].reduce(0) { $0 << 8 | Int($1) }
        #expect(width == 512 && height == 512)
        #expect(response.header("ETag") != (try server.get(path("elevation", tile))).header("ETag"))
    }

    @Test func aMatchingETagIsNotModified() throws {
        let tile = try centreTile(elevation, zoom: 10)
        let first = try server.get(path("elevation", tile))
        let etag = try #require(first.header("ETag"))
        let cached = try server.get(path("elevation", tile), headers: ["If-None-Match": etag])
        #expect(cached.status == 304)
        #expect(cached.body.isEmpty && cached.header("Content-Length") == nil)
        #expect(cached.header("ETag") == etag && cached.header("X-Config-Hash") == elevation.configHash)
        let listed = try server.get(path("elevation", tile), headers: ["If-None-Match": "\"other\", \(etag)"])
        #expect(listed.status == 304)
        let stale = try server.get(path("elevation", tile), headers: ["If-None-Match": "\"stale\""])
        #expect(stale.status == 200 && stale.body == first.body)
    }

    @Test func headHasTheHeadersWithoutTheBody() throws {
        let tile = try centreTile(elevation, zoom: 8)
        let client = try server.client()
        let head = try client.fetch(path("elevation", tile), method: "HEAD")
        let get = try client.fetch(path("elevation", tile))
        #expect(head.status == 200 && head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(head.header("ETag") == get.header("ETag"))
        #expect(head.header("Content-Type") == "image/png")
    }

    @Test func tilesOutsideTheDataHaveNoContent() throws {
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 9)
        let response = try server.get(path("elevation", far))
        #expect(response.status == 204 && response.body.isEmpty)
        #expect(response.header("X-Config-Hash") == elevation.configHash)
    }

    @Test func errorsAreJSONAndNeverCached() throws {
        let cases: [(String, Int, String)] = [
            ("/tiles/elevation/9/x/1.png", 400, "malformed request"),
            ("/tiles/elevation/9/1/1.gif", 400, "malformed request"),
            ("/tiles/elevation-dem/9/85/197.jpg", 404, "format not served"),
            ("/tiles/nope/9/1/1.png", 404, "unknown layer"),
            ("/tiles/elevation/2/1/1.png", 404, "zoom outside the layer's range"),
            ("/tiles/elevation/9/512/1.png", 404, "tile outside the tile matrix"),
            ("/tiles/elevation/25/1/1.png", 404, "tile outside the tile matrix"),
            ("/nothing/here", 404, "not found"),
            ("/layers/nope", 404, "unknown layer"),
            ("/colormaps/nope", 404, "unknown colormap"),
            ("/static/../layers/elevation.yaml", 404, "not found"),
        ]
        for (target, status, error) in cases {
            let response = try server.get(target)
            #expect(response.status == status, "\(target)")
            #expect(response.header("Content-Type") == "application/json", "\(target)")
            #expect(response.header("Cache-Control") == "no-store", "\(target)")
            let json = try #require(try response.json() as? [String: String], "\(target)")
            #expect(json["error"] == error, "\(target): \(json)")
            #expect(!(json["detail"] ?? "").isEmpty, "\(target)")
        }
    }

    @Test func otherMethodsAreNotAllowed() throws {
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let response = try server.get("/tiles/elevation/9/85/197.png", method: method)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
        }
    }

    @Test func anOverlongTargetIsRefused() throws {
        let response = try server.get("/tiles/" + String(repeating: "a", count: 3000) + "/1/1/1.png")
        #expect(response.status == 414)
    }

    @Test func tileJSONDescribesTheLayer() throws {
        let response = try server.get("/layers/elevation/tilejson.json")
        #expect(response.status == 200)
        let json = try #require(try response.json() as? [String: Any])
        #expect(json["tilejson"] as? String == "3.0.0")
        #expect(json["tiles"] as? [String] == ["http://127.0.0.1/tiles/elevation/{z}/{x}/{y}.png"])
        #expect(json["minzoom"] as? Int == 6 && json["maxzoom"] as? Int == 14)
        #expect(json["attribution"] as? String == elevation.attribution)
        let bounds = try #require(json["bounds"] as? [Double])
        #expect(bounds.count == 4 && bounds[0] < bounds[2] && bounds[1] < bounds[3])
        #expect(abs(bounds[0] - elevation.bounds.west) < 1e-9)
        let center = try #require(json["center"] as? [Double])
        #expect(center.count == 3 && center[0] > bounds[0] && center[0] < bounds[2] && center[2] == 6)
        let proxied = try server.get(
            "/layers/elevation/tilejson.json",
            headers: ["X-Forwarded-Proto": "https", "X-Forwarded-Host": "tiles.example"])
        let proxiedJSON = try #require(try proxied.json() as? [String: Any])
        #expect(proxiedJSON["tiles"] as? [String] == ["https://tiles.example/tiles/elevation/{z}/{x}/{y}.png"])
    }

    @Test func layersDescribeThemselves() throws {
        let list = try #require(try server.get("/layers").json() as? [[String: Any]])
        #expect(list.map { $0["name"] as? String } == (try DemoLayers.all()).map(\.name))
        #expect(list.first { $0["name"] as? String == "elevation" }?["configHash"] as? String == elevation.configHash)
        let one = try #require(try server.get("/layers/elevation").json() as? [String: Any])
        #expect(one["configHash"] as? String == elevation.configHash)
        let config = try #require(one["config"] as? [String: Any])
        let pipeline = try #require(config["pipeline"] as? [String: Any])
        #expect(pipeline["_target_"] as? String == "Sequential")
        #expect(one["pipelineHash"] as? String == elevation.definition.pipeline.configHash)
    }

    @Test func colormapsListTheirTables() throws {
        let names = try #require(try server.get("/colormaps").json() as? [String])
        #expect(names.contains("viridis") && names.contains("RdYlGn_r"))
        let viridis = try #require(try server.get("/colormaps/viridis").json() as? [String: Any])
        let lut = try #require(viridis["lut"] as? [[Int]])
        #expect(lut.count == 256 && lut[0] == [68, 1, 84, 255] && lut[255] == [253, 231, 36, 255])
        let legend = try server.get("/colormaps/viridis.png")
        #expect(legend.status == 200 && legend.header("Content-Type") == "image/png")
        #expect(legend.body.starts(with: [0x89, 0x50, 0x4E, 0x47]))
    }

    @Test func healthReportsEachDependency() throws {
        let health = try #require(try server.get("/health").json() as? [String: Any])
        #expect(health["status"] as? String == "ok")
        let dependencies = try #require(health["dependencies"] as? [String: [String: Any]])
        #expect(dependencies["layers"]?["count"] as? Int == (try DemoLayers.all()).count)
        #expect(dependencies["redis"]?["status"] as? String == "disabled")
        #expect(dependencies["renderPool"]?["status"] as? String == "ok")
    }

    @Test func metricsCountRequests() throws {
        let before = try server.metric("geotoolz_http_requests_total", ["route": "tile", "status": "204"])
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 9)
        for _ in 0..<3 { _ = try server.get(path("elevation", far)) }
        let after = try server.metric("geotoolz_http_requests_total", ["route": "tile", "status": "204"])
        #expect(after - before == 3)
        let tile = try centreTile(elevation, zoom: 11)
        _ = try server.get(path("elevation", tile))
        _ = try server.get(path("elevation", tile))
        #expect(try server.metric("geotoolz_render_stage_duration_seconds_count", ["stage": "encode"]) == 1)
        #expect(try server.metric("geotoolz_cache_lookups_total", ["level": "memory", "result": "hit"]) == 1)
        #expect(try server.metric("geotoolz_cache_lookups_total", ["level": "memory", "result": "miss"]) == 1)
        let text = try server.get("/metrics").text
        for name in ["geotoolz_http_request_duration_seconds_bucket", "geotoolz_render_queue_depth"] {
            #expect(text.contains(name), "\(name)")
        }
    }

    @Test func manyRequestsShareOneConnection() throws {
        let client = try server.client()
        let tiles = tilesInside(elevation, zoom: 9, count: 20)
        for round in 0..<5 {
            for tile in tiles {
                let response = try client.fetch(path("elevation", tile))
                #expect(response.status == 200, "round \(round) \(tile)")
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let client = try server.client()
        let tiles = tilesInside(elevation, zoom: 10, count: 8)
        var batch = ""
        for tile in tiles { batch += "GET \(path("elevation", tile)) HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" }
        batch += "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        try client.send(batch)
        for tile in tiles {
            let response = try client.readResponse()
            #expect(response.status == 200)
            #expect(response.header("ETag")?.contains("-\(tile.zoom)-\(tile.x)-\(tile.y)-1") == true)
        }
        #expect(try client.readResponse().header("Content-Type") == "application/json")
    }

    @Test func connectionCloseIsHonoured() throws {
        let client = try server.client()
        let response = try client.fetch("/health", headers: ["Connection": "close"])
        #expect(response.status == 200 && response.header("Connection") == "close")
        #expect(client.isClosedByServer())
    }

    @Test func theViewerIsServed() throws {
        let index = try server.get("/")
        #expect(index.status == 200 && index.header("Content-Type") == "text/html; charset=utf-8")
        #expect(index.text.contains("/vendor/leaflet/leaflet.js"))
        #expect(try server.get("/static/viewer.js").status == 200)
        #expect(try server.get("/vendor/leaflet/leaflet.js").status == 200)
    }
}
