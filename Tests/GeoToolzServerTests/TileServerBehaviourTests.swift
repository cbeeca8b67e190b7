import Foundation
import GeoToolzIO
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import GeoToolzServer

/// Failure, overload, coalescing, limits and lifecycle of the real server.
@Suite(.serialized) struct TileServerBehaviourTests {
    @Test func aFailingRenderIs500AndTheServerKeepsServing() throws {
        let layers = try DemoLayers.custom([
            "broken": elevationLayer(
                name: "broken",
                pipeline: "{_target_: AssertValueRange, min: 0, max: 1, onFail: raise}"),
            "fine": elevationLayer(name: "fine"),
        ])
        let server = try RunningServer(layers: layers)
        let tile = try centreTile(layers[0], zoom: 9)
        let failed = try server.get(path("broken", tile))
        #expect(failed.status == 500)
        #expect(failed.header("Cache-Control") == "no-store")
        let json = try #require(try failed.json() as? [String: String])
        #expect(json["error"] == "render failed")
        #expect(json["detail"]?.contains("AssertValueRange") == true)
        // Failures are not cached: the next request renders (and fails) again.
        #expect(try server.get(path("broken", tile)).status == 500)
        #expect(try server.metric("geotoolz_render_failures_total", ["layer": "broken"]) == 2)
        #expect(try server.get(path("fine", tile)).status == 200)
    }

    @Test func qualityWarningsReachTheClient() throws {
        let layers = try DemoLayers.custom([
            "warned": elevationLayer(
                name: "warned",
                pipeline: """
                    _target_: Sequential
                      operators:
                        - {_target_: AssertValueRange, min: 0, max: 1, onFail: warn}
                        - {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
                    """)
        ])
        let server = try RunningServer(layers: layers)
        let response = try server.get(path("warned", try centreTile(layers[0], zoom: 9)))
        #expect(response.status == 200)
        #expect(response.header("X-QC-Warnings")?.contains("AssertValueRange") == true)
    }

    @Test func transparentOutsideTilesWhenTheLayerAsks() throws {
        let layers = try DemoLayers.custom(["clear": elevationLayer(name: "clear", extra: "outside: transparent")])
        let server = try RunningServer(layers: layers)
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 9)
        let response = try server.get(path("clear", far))
        #expect(response.status == 200 && response.header("Content-Type") == "image/png")
        #expect(response.body == Array(try layers[0].transparentTile()))
        let retina = try server.get(path("clear", far, scale: 2))
        #expect(retina.body == Array(try layers[0].transparentTile(scale: 2)))
    }

    @Test func concurrentRequestsForOneTileRenderItOnce() throws {
        let layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        let server = try RunningServer(layers: layers)
        let tile = try centreTile(layers[0], zoom: 12)
        let statuses = NIOLockedValueBox<[Int]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { _ in
            let status = (try? server.get(path("dem", tile)).status) ?? -1
            statuses.withLockedValue { $0.append(status) }
        }
        #expect(statuses.withLockedValue { $0 } == Array(repeating: 200, count: 16))
        #expect(try server.metric("geotoolz_render_stage_duration_seconds_count", ["stage": "read"]) == 1)
    }

    @Test func aFullRenderQueueAnswers503WithRetryAfter() throws {
        let layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        let server = try RunningServer(layers: layers) {
            $0.renderThreads = 1
            $0.renderQueueCapacity = 1
            $0.memoryCacheBytes = 0
        }
        let tiles = tilesInside(layers[0], zoom: 13, count: 24)
        // Every request is sent before any answer is read, so all of them arrive together.
        let clients = try tiles.map { tile -> HTTPTestClient in
            let client = try server.client()
            try client.request("GET", path("dem", tile, scale: 2))
            return client
        }
        let all = try clients.map { try $0.readResponse() }
        let refused = all.filter { $0.status == 503 }
        #expect(!refused.isEmpty, "24 concurrent renders should overflow one thread and a queue of one")
        #expect(refused.allSatisfy { $0.header("Retry-After") == "1" && $0.header("Cache-Control") == "no-store" })
        #expect(all.allSatisfy { $0.status == 200 || $0.status == 503 })
        #expect(try server.metric("geotoolz_render_rejected_total") == Double(refused.count))
        // Once the burst is over, tiles render again.
        #expect(try server.get(path("dem", tiles[0])).status == 200)
    }

    @Test func aSlowClientIsDisconnected() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.limits.requestTimeout = 1; $0.limits.idleTimeout = 1
        }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  // never finishes the head
        let started = Date()
        #expect(client.isClosedByServer())
        #expect(Date().timeIntervalSince(started) < 5)
        // An idle keep-alive connection is closed the same way.
        let idle = try server.client()
        #expect(try idle.fetch("/health").status == 200)
        #expect(idle.isClosedByServer())
    }

    @Test func connectionsPastTheCapAreClosed() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.limits.maxConnections = 2 }
        let first = try server.client()
        let second = try server.client()
        #expect(try first.fetch("/health").status == 200)
        #expect(try second.fetch("/health").status == 200)
        let third = try server.client()
        #expect(third.isClosedByServer())
        #expect(try first.fetch("/health").status == 200)
    }

    @Test func oversizedHeadersAreRefused() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.limits.maxHeaderBytes = 1024 }
        let client = try server.client()
        try client.send("GET /health HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 4096))\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 400 || response.status == 431)
        #expect(client.isClosedByServer())
        #expect(try server.get("/health").status == 200)
    }

    @Test func reloadingSwapsLayersWithoutFailingRequests() throws {
        let before = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        let after = try DemoLayers.custom([
            "dem": elevationLayer(name: "dem", pipeline: "{_target_: Colormap, name: viridis, vmin: 0, vmax: 4400}")
        ])
        let server = try RunningServer(layers: before)
        let tiles = tilesInside(before[0], zoom: 10, count: 12)
        let hashes = NIOLockedValueBox<Set<String>>([])
        let failures = NIOLockedValueBox(0)
        let answered = NIOLockedValueBox(0)
        let stop = NIOLockedValueBox(false)
        let group = startThreads(4) { worker in
            guard let client = try? server.client() else {
                failures.withLockedValue { $0 += 1 }
                return
            }
            var index = worker
            for _ in 0..<400 where !stop.withLockedValue({ $0 }) {
                let response = try? client.fetch(path("dem", tiles[index % tiles.count]))
                answered.withLockedValue { $0 += 1 }
                if response?.status != 200 { failures.withLockedValue { $0 += 1 } }
                if let hash = response?.header("X-Config-Hash") { hashes.withLockedValue { _ = $0.insert(hash) } }
                index += 1
            }
        }
        for round in 0..<6 {
            // Each set of layers serves some requests before the next swap.
            let mark = answered.withLockedValue { $0 }
            #expect(eventually(timeout: 30) { answered.withLockedValue { $0 } >= mark + 10 })
            server.server.replaceLayers(round % 2 == 0 ? after : before)
        }
        stop.withLockedValue { $0 = true }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(failures.withLockedValue { $0 } == 0)
        #expect(hashes.withLockedValue { $0 } == [before[0].configHash, after[0].configHash])
    }

    @Test func stoppingLetsRequestsUnderWayFinish() throws {
        let layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        let server = try RunningServer(layers: layers) { $0.renderThreads = 1 }
        let tiles = tilesInside(layers[0], zoom: 12, count: 6)
        let clients = try tiles.map { tile -> HTTPTestClient in
            let client = try server.client()
            try client.request("GET", path("dem", tile, scale: 2))
            return client
        }
        // Every request is under way once the server has looked each up in its cache.
        #expect(
            eventually {
                (try? server.metric("geotoolz_cache_lookups_total", ["level": "memory"])) ?? 0 >= Double(tiles.count)
            })
        try server.server.shutdown()
        for client in clients {
            #expect(try client.readResponse().status == 200)
        }
        #expect(throws: (any Error).self) { try HTTPTestClient(port: server.port).fetch("/health") }
    }
}
