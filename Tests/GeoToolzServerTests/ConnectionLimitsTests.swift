import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

#if canImport(Glibc)
    import Glibc
#endif

/// Clients that send too little, too slowly or never read: each is cut after its timeout while
/// everyone else is served.
@Suite(.serialized) struct ConnectionLimitsTests {
    @Test func bodiesAnnouncedAndNeverSentAreCutWhileOthersAreServed() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.limits.requestTimeout = 2
            $0.limits.idleTimeout = 60
        }
        let stalled = try (0..<50).map { _ in try server.client() }
        for client in stalled {
            try client.send("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nabc")
        }
        let started = Date()
        // The server keeps answering everyone else meanwhile.
        for _ in 0..<5 { #expect(try server.get("/health").status == 200) }
        for client in stalled { #expect(client.isClosedByServer(within: 10)) }
        let elapsed = Date().timeIntervalSince(started)
        #expect(elapsed < 8, "stalled bodies closed after \(elapsed) s with a 2 s request timeout")
        #expect(try server.get("/health").status == 200)
    }

    @Test func aRequestMustArriveWholeWithinTheRequestTimeoutHoweverSlowlyItTrickles() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.limits.requestTimeout = 2
            $0.limits.idleTimeout = 60
        }
        let client = try server.client()
        let started = Date()
        // One header byte every 200 ms: never idle, never complete.
        var closed = false
        for byte in "GET /health HTTP/1.1\r\nX-Slow: \(String(repeating: "a", count: 200))".utf8 {
            guard (try? client.send(String(UnicodeScalar(byte)))) != nil else {
                closed = true
                break
            }
            if client.isClosedByServer(within: 0, microseconds: 200_000) {
                closed = true
                break
            }
            if Date().timeIntervalSince(started) > 10 { break }
        }
        #expect(closed)
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func idleKeepAliveConnectionsCloseAfterTheIdleTimeout() throws {
        let server = try RunningServer(layers: try DemoLayers.all()) {
            $0.limits.requestTimeout = 30
            $0.limits.idleTimeout = 1
        }
        let client = try server.client()
        #expect(try client.fetch("/health").status == 200)
        let started = Date()
        #expect(client.isClosedByServer(within: 10))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test func aClientThatNeverReadsIsCutAndMemoryStaysBounded() throws {
        let layers = try DemoLayers.all()
        let server = try RunningServer(layers: layers) { $0.limits.writeTimeout = 2 }
        let layer = try #require(layers.first { $0.name == "elevation" })
        let tiles = tilesInside(layer, zoom: 10, count: 8)
        // Warm the cache, so the flood below costs the server writing only.
        for tile in tiles { #expect(try server.get(path("elevation", tile, scale: 2)).status == 200) }
        let before = residentBytes()

        let client = try server.client(receiveBuffer: 4096)
        var sent = 0
        let started = Date()
        // Pipelined requests for large tiles, none of the responses read: thousands of cached
        // answers, each handed over while the previous one is written, must not nest either.
        while sent < 5000 && Date().timeIntervalSince(started) < 20 {
            let batch = (0..<50).map {
                "GET \(path("elevation", tiles[($0 + sent) % tiles.count], scale: 2)) HTTP/1.1\r\nHost: x\r\n\r\n"
            }
            guard (try? client.send(batch.joined(), timeoutSeconds: 1)) != nil else { break }
            sent += 50
        }
        #expect(client.isClosedByServerWithoutReading(within: 15))
        #expect(Date().timeIntervalSince(started) < 30)
        let grown = residentBytes() - before
        #expect(grown < 64 << 20, "resident memory grew by \(grown >> 20) MB")
        #expect(try server.get("/health").status == 200)
    }

    @Test func preflightRequestsAreAnswered204WithTheCORSHeaders() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let response = try server.get(
            "/tiles/elevation/8/42/98.png", method: "OPTIONS",
            headers: [
                "Origin": "https://maps.example", "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "if-none-match",
            ])
        #expect(response.status == 204)
        #expect(response.header("Access-Control-Allow-Origin") == "*")
        #expect(response.header("Access-Control-Allow-Methods")?.contains("GET") == true)
        #expect(response.header("Access-Control-Allow-Headers")?.lowercased().contains("if-none-match") == true)
        #expect(response.header("Access-Control-Max-Age") != nil)
        #expect(response.body.isEmpty)
        // Other methods are still refused, naming what is served.
        let post = try server.get("/health", method: "POST")
        #expect(post.status == 405)
        #expect(post.header("Allow") == "GET, HEAD, OPTIONS")
    }

    @Test func unknownLayerNamesDoNotGrowTheMetrics() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let client = try server.client()
        #expect(try client.fetch("/tiles/no-such-layer-start/8/42/98.png").status == 404)
        // The first scrape adds the metrics route's own series; the second is the baseline.
        _ = try server.get("/metrics")
        let before = try server.get("/metrics").text
        for index in 0..<20_000 {
            try client.request("GET", "/tiles/no-such-layer-\(index)/8/42/98.png")
            #expect(try client.readResponse().status == 404)
        }
        let after = try server.get("/metrics").text
        #expect(!after.contains("no-such-layer"))
        #expect(after.contains("layer=\"unknown\""))
        // The counters' values grow by a few digits; nothing else may.
        #expect(abs(after.utf8.count - before.utf8.count) < 200, "\(before.utf8.count) → \(after.utf8.count) bytes")
    }

    @Test func forwardedHostsAreUsedOnlyWhenWellFormed() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let good = try server.get(
            "/layers/elevation/tilejson.json", headers: ["X-Forwarded-Host": "tiles.example.org:8443"])
        #expect(good.text.contains("http://tiles.example.org:8443/tiles/elevation/"))
        for hostile in ["evil.example/\"><script>", "a b", "x@y", "host:99999", "[::1", "..", "a/b"] {
            let response = try server.get("/layers/elevation/tilejson.json", headers: ["X-Forwarded-Host": hostile])
            #expect(response.status == 200)
            #expect(response.text.contains("http://127.0.0.1/tiles/elevation/"), "\(hostile): \(response.text)")
        }
    }

    @Test func everyResponseNamesItsRequest() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let first = try server.get("/health")
        let second = try server.get("/health")
        let firstID = try #require(first.header("X-Request-Id"))
        #expect(firstID != second.header("X-Request-Id"))
        #expect(
            try server.get("/health", headers: ["X-Request-Id": "proxy-42.a"]).header("X-Request-Id") == "proxy-42.a")
        let hostile = try server.get("/health", headers: ["X-Request-Id": "a\"b<c>"])
        #expect(hostile.header("X-Request-Id") != "a\"b<c>")
    }
}

/// The resident memory of this process, in bytes.
func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
        let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
    else { return 0 }
    return kilobytes * 1024
}
