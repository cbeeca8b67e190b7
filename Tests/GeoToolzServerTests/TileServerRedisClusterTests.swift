import Foundation
import GeoToolzCache
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// The Redis cache level in the real request path, against a real Redis Cluster whose masters
/// have one replica each.
@Suite(.serialized, .timeLimit(.minutes(3))) struct TileServerRedisClusterTests {
    let layers: [Layer]

    init() throws {
        layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
    }

    func key(_ tile: TileID) -> TileKey {
        TileKey(
            layer: "dem", configHash: layers[0].configHash, dataIdentity: layers[0].dataIdentity,
            tile: TileAddress(z: tile.zoom, x: tile.x, y: tile.y))
    }

    @Test func aMasterKilledMidLoadFailsNoRequestAndItsReplicaServesTheCacheAfterFailover() throws {
        let cluster = RedisClusterProcess(replicasPerMaster: 1)
        try cluster.start()
        let server = try RunningServer(layers: layers) {
            var cache = RedisCacheConfiguration(url: cluster.url)
            cache.connectTimeout = .milliseconds(100)
            cache.commandTimeout = .milliseconds(100)
            $0.redis = cache
            $0.memoryCacheBytes = 0
        }
        let tiles = tilesInside(layers[0], zoom: 10, count: 12)
        // The master that goes, and a tile not yet rendered whose key it holds.
        let victim = try cluster.master(of: RedisHashSlot(key: key(tiles[0]).description))
        let fresh = try #require(
            try tilesInside(layers[0], zoom: 12, count: 60).first {
                try cluster.master(of: RedisHashSlot(key: key($0).description)).port == victim.port
            })

        let load = TileLoad(server, paths: tiles.map { path("dem", $0) }, bound: 90)
        #expect(eventually { load.answered > 30 })
        #expect(eventually { (try? server.get(path("dem", tiles[0])).header("X-Cache")) == "redis" })
        victim.kill()
        #expect(load.answersMore(than: 30))

        // A replica takes over the slots; once every master answers, Redis is used again.
        #expect(cluster.waitUntilWhole(timeout: 30))
        #expect(
            eventually(timeout: 30) {
                (try? server.get("/health").json() as? [String: Any])?["status"] as? String == "ok"
            })
        #expect(load.answersMore(than: 30))
        #expect(load.stop())
        #expect(load.failures.isEmpty, "\(load.failures)")
        // The lost master was felt (its lookups failed), not missed by luck.
        #expect(try server.metric(RedisTileCache.errorsMetric, ["kind": "connect"]) >= 1)

        // A tile of the failed-over slots is stored on the promoted replica and served from it.
        #expect(try server.get(path("dem", fresh)).header("X-Cache") == "miss")
        #expect(eventually { (try? server.get(path("dem", fresh)).header("X-Cache")) == "redis" })
        let promoted = try cluster.master(of: RedisHashSlot(key: key(fresh).description))
        #expect(promoted.port != victim.port)
        #expect(try promoted.connect().run(["EXISTS", key(fresh).description]) == .integer(1))
    }
}
