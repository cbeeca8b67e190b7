import Foundation
import GeoToolzCache
import NIOCore
import NIOPosix
import TestSupport
import Testing

/// The cache against a real Redis Cluster of three masters on loopback ports.
@Suite(.serialized, .timeLimit(.minutes(3)))
struct RedisClusterTests {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)

    func cache(_ cluster: RedisClusterProcess) -> RedisTileCache {
        var configuration = RedisCacheConfiguration(url: cluster.url)
        configuration.connectTimeout = .seconds(1)
        configuration.commandTimeout = .seconds(1)
        return RedisTileCache(
            configuration: configuration, metrics: RecordingCacheMetrics(), logger: LogRecorder().logger)
    }

    func client(_ cluster: RedisClusterProcess) throws -> RedisClusterClient {
        try RedisClusterClient(url: cluster.url, connectTimeout: .seconds(1), commandTimeout: .seconds(1))
    }

    func isHit(_ cache: RedisTileCache, _ key: TileKey, _ tile: CachedTile) -> Bool {
        guard case .hit(let found) = try? cache.get(key, on: group.next()).wait() else { return false }
        return found.bytes == tile.bytes
    }

    func node(_ process: RedisServerProcess) -> RedisClusterNode {
        RedisClusterNode(host: "127.0.0.1", port: process.port)
    }

    @Test func tilesAreStoredOnEveryMasterAndFound() throws {
        let cluster = RedisClusterProcess()
        try cluster.start()
        let cache = cache(cluster)
        defer { cache.shutdown() }
        let keys = (0..<60).map { tileKey(x: $0) }
        for (index, key) in keys.enumerated() {
            cache.set(key, sampleTile(size: 200, seed: UInt8(index)), ttl: nil)
        }
        for (index, key) in keys.enumerated() {
            #expect(eventually { isHit(cache, key, sampleTile(size: 200, seed: UInt8(index))) }, "\(key)")
        }
        let masters = try cluster.masters()
        #expect(masters.count == 3)
        // Each key sits on the master of its slot, and every master holds some.
        for master in masters {
            let held = try master.connect().run(["DBSIZE"])
            let expected = try keys.filter {
                try cluster.master(of: RedisHashSlot(key: $0.description)).port == master.port
            }
            #expect(!expected.isEmpty)
            #expect(held == .integer(Int64(expected.count)))
        }
        #expect(cache.health == .ok)
    }

    @Test func aMovedSlotIsFollowedAndRemembered() throws {
        let cluster = RedisClusterProcess()
        try cluster.start()
        let client = try client(cluster)
        let key = tileKey(x: 1).description
        let slot = RedisHashSlot(key: key)
        #expect(try client.set(key, value: ByteBuffer(string: "v1"), expireSeconds: nil) == .status("OK"))
        let source = try cluster.master(of: slot)
        let target = try #require(try cluster.masters().first { $0.port != source.port })
        #expect(client.master(of: slot) == node(source))

        try migrate(slot, keys: [key], from: source, to: target, in: cluster, finish: true)
        #expect(try client.run("GET", key: key) == .bulk(ByteBuffer(string: "v1")))
        #expect(client.master(of: slot) == node(target))
        // The next command reads the whole map again and goes straight to the new master.
        #expect(try client.run("EXISTS", key: key) == .integer(1))
        #expect(client.master(of: slot) == node(target))
    }

    @Test func anAskIsFollowedWithoutChangingTheMap() throws {
        let cluster = RedisClusterProcess()
        try cluster.start()
        let client = try client(cluster)
        // One hash tag puts the three keys in one slot.
        let (moved, stayed, added) = ("{dem}:moved", "{dem}:stayed", "{dem}:added")
        let slot = RedisHashSlot(key: moved)
        for key in [moved, stayed] {
            #expect(try client.set(key, value: ByteBuffer(string: key), expireSeconds: nil) == .status("OK"))
        }
        let source = try cluster.master(of: slot)
        let target = try #require(try cluster.masters().first { $0.port != source.port })

        try migrate(slot, keys: [moved], from: source, to: target, in: cluster, finish: false)
        #expect(try source.connect().run(["GET", moved]).isRedirect("ASK"))
        #expect(try client.run("GET", key: moved) == .bulk(ByteBuffer(string: moved)))
        #expect(try client.run("GET", key: stayed) == .bulk(ByteBuffer(string: stayed)))
        // A new key of a migrating slot is written where the slot is going.
        #expect(try client.set(added, value: ByteBuffer(string: added), expireSeconds: nil) == .status("OK"))
        let onTarget = try target.connect()
        _ = try onTarget.run(["ASKING"])
        #expect(try onTarget.run(["EXISTS", added]) == .integer(1))
        #expect(client.master(of: slot) == node(source))
    }

    @Test func redirectsAreBounded() throws {
        let cluster = RedisClusterProcess()
        try cluster.start()
        let client = try client(cluster)
        let key = "{loop}:key"
        let slot = RedisHashSlot(key: key)
        let source = try cluster.master(of: slot)
        let target = try #require(try cluster.masters().first { $0.port != source.port })
        // Migrating without the target importing: the source says ASK, the target says MOVED back.
        #expect(
            try source.connect().run([
                "CLUSTER", "SETSLOT", String(slot.value), "MIGRATING", try cluster.id(of: target),
            ])
                == .status("OK"))
        #expect {
            _ = try client.run("GET", key: key)
        } throws: { error in
            guard case .reply(let message) = error as? RedisError else { return false }
            return message.contains("redirects")
        }
    }

    @Test func statsAndPurgeSpanEveryMaster() throws {
        let cluster = RedisClusterProcess()
        try cluster.start()
        let client = try client(cluster)
        var bytes = 0
        for index in 0..<40 {
            let value = TileValueCodec.encode(sampleTile(size: 100 + index, seed: UInt8(index)))
            bytes += value.readableBytes
            #expect(
                try client.set(tileKey("a", x: index).description, value: value, expireSeconds: nil) == .status("OK"))
        }
        for index in 0..<10 {
            _ = try client.set(tileKey("b", x: index).description, value: ByteBuffer(string: "b"), expireSeconds: nil)
        }
        for master in try cluster.masters() {
            #expect(try master.connect().run(["DBSIZE"]) != .integer(0))
        }
        let keyspace = try RedisKeyspace(url: cluster.url, batchSize: 3)
        #expect(try keyspace.stats(layer: "a") == .init(keys: 40, bytes: bytes))
        #expect(try keyspace.purge(layer: "a") == 40)
        #expect(try keyspace.stats(layer: "a") == .init(keys: 0, bytes: 0))
        #expect(try keyspace.stats(layer: "b").keys == 10)
    }

    @Test func aFailoverMovesTheCacheToThePromotedReplica() throws {
        let cluster = RedisClusterProcess(replicasPerMaster: 1)
        try cluster.start()
        let cache = cache(cluster)
        defer { cache.shutdown() }
        let key = tileKey(x: 7)
        let tile = sampleTile(seed: 7)
        cache.set(key, tile, ttl: nil)
        #expect(eventually { isHit(cache, key, tile) })
        let master = try cluster.master(of: RedisHashSlot(key: key.description))
        let replica = try #require(try cluster.replicas(of: master).first)
        // Let the replica catch up on the tile before it takes over.
        #expect(eventually { (try? replica.connect().run(["DBSIZE"])) == .integer(1) })

        #expect(try replica.connect().run(["CLUSTER", "FAILOVER"]) == .status("OK"))
        #expect(
            eventually(timeout: 30) {
                (try? cluster.master(of: RedisHashSlot(key: key.description)))?.port == replica.port
            })
        #expect(cluster.waitUntilWhole())
        // The old master now answers MOVED: the cache follows it to the new one.
        #expect(eventually(timeout: 15) { isHit(cache, key, tile) })
        let fresh = tileKey(x: 8)
        #expect(
            eventually(timeout: 15) {
                cache.set(fresh, tile, ttl: nil)
                return eventually(timeout: 1) { isHit(cache, fresh, tile) }
            })
        #expect(cache.health == .ok)
    }

    @Test func aClientOutlivesALostMasterAndFindsItsPromotedReplica() throws {
        let cluster = RedisClusterProcess(replicasPerMaster: 1)
        try cluster.start()
        let client = try client(cluster)
        let key = "{lost}:tile"
        let slot = RedisHashSlot(key: key)
        #expect(try client.set(key, value: ByteBuffer(string: "kept"), expireSeconds: nil) == .status("OK"))
        let master = try cluster.master(of: slot)
        let replica = try #require(try cluster.replicas(of: master).first)
        #expect(eventually { (try? replica.connect().run(["DBSIZE"])) == .integer(1) })

        master.kill()
        #expect {
            _ = try client.run("GET", key: key)
        } throws: { error in
            guard case .connection = error as? RedisError else { return false }
            return true
        }
        // The same client reads the map again on each call until the replica has taken over.
        #expect(eventually(timeout: 30) { (try? client.run("GET", key: key)) == .bulk(ByteBuffer(string: "kept")) })
        #expect(client.master(of: slot) == node(replica))
        #expect(!client.masters.contains(node(master)))
    }

    @Test func noNodeAnsweringIsAConnectionError() {
        let url = RedisURL(
            endpoint: .cluster(seeds: [
                RedisClusterNode(host: "127.0.0.1", port: freeLoopbackPort()),
                RedisClusterNode(host: "127.0.0.1", port: freeLoopbackPort()),
            ]))
        #expect {
            _ = try RedisClient(url: url, connectTimeout: .seconds(1), commandTimeout: .seconds(1))
        } throws: { error in
            guard case .connection = error as? RedisError else { return false }
            return true
        }
    }

    /// Moves `slot` from `source` to `target` as `redis-cli --cluster reshard` does, taking `keys`
    /// along; with `finish` false the slot is left migrating, the keys already moved.
    func migrate(
        _ slot: RedisHashSlot, keys: [String], from source: RedisServerProcess, to target: RedisServerProcess,
        in cluster: RedisClusterProcess, finish: Bool
    ) throws {
        let (sourceID, targetID) = (try cluster.id(of: source), try cluster.id(of: target))
        let slotText = String(slot.value)
        #expect(try target.connect().run(["CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceID]) == .status("OK"))
        #expect(try source.connect().run(["CLUSTER", "SETSLOT", slotText, "MIGRATING", targetID]) == .status("OK"))
        let migrated = try source.connect().run(
            ["MIGRATE", "127.0.0.1", String(target.port), "", "0", "5000", "KEYS"] + keys)
        #expect(migrated == .status("OK"))
        guard finish else { return }
        for master in try cluster.masters() {
            #expect(try master.connect().run(["CLUSTER", "SETSLOT", slotText, "NODE", targetID]) == .status("OK"))
        }
    }
}

extension RedisReply {
    /// Whether this is a `MOVED` or `ASK` error reply (`kind`).
    fileprivate func isRedirect(_ kind: String) -> Bool {
        guard case .error(let message) = self else { return false }
        return message.hasPrefix(kind + " ")
    }
}
