import Foundation
import GeoToolzCache
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// The two cache levels in the real request path, against a real `redis-server`.
@Suite(.serialized) struct TileServerRedisTests {
    let layers: [Layer]

    init() throws {
        layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
    }

    func server(_ redis: RedisServerProcess, memory: Bool) throws -> RunningServer {
        try RunningServer(layers: layers) {
            var cache = RedisCacheConfiguration(url: redis.url)
            cache.connectTimeout = .milliseconds(100)
            cache.commandTimeout = .milliseconds(100)
            $0.redis = cache
            $0.memoryCacheBytes = memory ? 64 << 20 : 0
        }
    }

    @Test func tilesComeFromMemoryThenRedisThenARender() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let tile = try centreTile(layers[0], zoom: 9)
        let first = try server(redis, memory: true)
        #expect(try first.get(path("dem", tile)).header("X-Cache") == "miss")
        #expect(try first.get(path("dem", tile)).header("X-Cache") == "memory")
        // A second server process' worth of state: empty memory, same Redis.
        let second = try server(redis, memory: true)
        #expect(eventually { (try? second.get(path("dem", tile)).header("X-Cache")) == "redis" })
        #expect(try second.get(path("dem", tile)).header("X-Cache") == "memory")
        let health = try #require(try second.get("/health").json() as? [String: Any])
        let redisHealth = (health["dependencies"] as? [String: [String: Any]])?["redis"]
        #expect(redisHealth?["status"] as? String == "ok")
        #expect(try second.metric("geotoolz_cache_lookups_total", ["level": "redis", "result": "hit"]) >= 1)
    }

    @Test func healthFollowsRealLookupsNotOnlyPing() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let server = try server(redis, memory: false)
        let tiles = tilesInside(layers[0], zoom: 11, count: 6)
        func redisStatus() throws -> String? {
            let health = try #require(try server.get("/health").json() as? [String: Any])
            return ((health["dependencies"] as? [String: [String: Any]])?["redis"])?["status"] as? String
        }
        #expect(try server.get(path("dem", tiles[0])).status == 200)
        #expect(eventually { (try? redisStatus()) == "ok" })

        // PING still works, GET is refused: tiles are served, health says so.
        _ = try redis.connect().run(["ACL", "SETUSER", "default", "-get"])
        #expect(try redis.connect().run(["PING"]) == .status("PONG"))
        // Each request looks the tile up again (no memory cache); on a loaded machine one lookup
        // may time out instead of being refused, so health is read after each until it tells.
        #expect(try server.get(path("dem", tiles[1])).status == 200)
        #expect(
            eventually {
                (try? server.get(path("dem", tiles[1])).status) == 200 && (try? redisStatus()) == "degraded"
            })
        #expect(try server.get("/health").text.contains("lookups fail"))

        _ = try redis.connect().run(["ACL", "SETUSER", "default", "+get"])
        #expect(try server.get(path("dem", tiles[2])).status == 200)
        #expect(
            eventually { (try? server.get(path("dem", tiles[2])).status) == 200 && (try? redisStatus()) == "ok" })
    }

    @Test func aCorruptedValueIsReplaced() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let server = try server(redis, memory: false)
        let tile = try centreTile(layers[0], zoom: 10)
        let rendered = try server.get(path("dem", tile))
        #expect(rendered.header("X-Cache") == "miss")
        let key = TileKey(
            layer: "dem", configHash: layers[0].configHash, dataIdentity: layers[0].dataIdentity,
            tile: TileAddress(z: tile.zoom, x: tile.x, y: tile.y))
        #expect(eventually { (try? redis.connect().run(["EXISTS", key.description])) == .integer(1) })
        _ = try redis.connect().run(["SET", key.description, "\u{89}PNG truncated garbage"])
        let replaced = try server.get(path("dem", tile))
        #expect(replaced.status == 200 && replaced.header("X-Cache") == "miss")
        #expect(replaced.body == rendered.body)
        #expect(eventually { (try? server.get(path("dem", tile)).header("X-Cache")) == "redis" })
        #expect(try server.get(path("dem", tile)).body == rendered.body)
    }

    @Test func redisDyingMidLoadFailsNoRequestAndIsUsedAgainAfterRestart() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let server = try server(redis, memory: false)
        let tiles = tilesInside(layers[0], zoom: 10, count: 12)
        let load = TileLoad(server, paths: tiles.map { path("dem", $0) }, bound: 60)
        #expect(eventually { load.answered > 30 })
        redis.kill()
        #expect(load.answersMore(than: 30))
        let health = try #require(try server.get("/health").json() as? [String: Any])
        #expect(health["status"] as? String == "degraded")
        try redis.start()
        #expect(
            eventually(timeout: 20) {
                (try? server.get("/health").json() as? [String: Any])?["status"] as? String == "ok"
            })
        #expect(load.answersMore(than: 30))
        #expect(load.stop())
        #expect(load.failures.isEmpty, "\(load.failures)")
        // The restarted (empty) Redis is filled by renders and then serves hits.
        let fresh = try centreTile(layers[0], zoom: 12)
        #expect(try server.get(path("dem", fresh)).header("X-Cache") == "miss")
        #expect(eventually { (try? server.get(path("dem", fresh)).header("X-Cache")) == "redis" })
        #expect(
            redisErrorCount(server.server.metrics, kind: "connect")
                + redisErrorCount(server.server.metrics, kind: "timeout") >= 1)
    }

    @Test func twoServerProcessesShareTiles() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let url = "redis://127.0.0.1:\(redis.port)"
        let first = try ServeProcess(layers: PackagePaths.layers, arguments: ["--redis", url])
        // No memory cache on the second: a request that arrives before the first's write has landed
        // renders and misses, and the next one still asks Redis rather than its own memory.
        let second = try ServeProcess(
            layers: PackagePaths.layers, arguments: ["--redis", url, "--memory-cache", "0"])
        let elevation = try #require(try DemoLayers.catalog.get().layer(named: "elevation"))
        for tile in tilesInside(elevation, zoom: 9, count: 4) {
            let rendered = try first.client().fetch(path("elevation", tile))
            #expect(rendered.header("X-Cache") == "miss")
            #expect(eventually { (try? second.client().fetch(path("elevation", tile)).header("X-Cache")) == "redis" })
            #expect(try second.client().fetch(path("elevation", tile)).body == rendered.body)
        }
        first.signal(SIGTERM)
        second.signal(SIGTERM)
        #expect(first.waitForExit(seconds: 20) == 0 && second.waitForExit(seconds: 20) == 0)
    }
}

/// The value of `geotoolz_redis_errors_total{kind=…}` in `metrics`, 0 when never counted.
private func redisErrorCount(_ metrics: ServerMetrics, kind: String) -> Double {
    let prefix = "\(RedisTileCache.errorsMetric){kind=\"\(kind)\"} "
    for line in metrics.exposition().split(separator: "\n") where line.hasPrefix(prefix) {
        return Double(line.dropFirst(prefix.count)) ?? 0
    }
    return 0
}
