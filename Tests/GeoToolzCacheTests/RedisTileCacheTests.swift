import Foundation
import GeoToolz
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import GeoToolzCache

/// A cache with short timeouts and backoff, an event loop to look up from, and its logs.
final class RedisCacheFixture {
    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let metrics = RecordingCacheMetrics()
    let logs = LogRecorder()
    let cache: RedisTileCache

    init(url: RedisURL, threads: Int = 2, queueCapacity: Int = 64) {
        var configuration = RedisCacheConfiguration(url: url)
        configuration.connectTimeout = .milliseconds(100)
        configuration.commandTimeout = .milliseconds(100)
        configuration.initialBackoff = .milliseconds(50)
        configuration.maximumBackoff = .milliseconds(400)
        configuration.threads = threads
        configuration.queueCapacity = queueCapacity
        cache = RedisTileCache(configuration: configuration, metrics: metrics, logger: logs.logger)
    }

    /// Looks `key` up and how long the answer took.
    func lookup(_ key: TileKey) throws -> (RedisLookup, TimeInterval) {
        let start = Date()
        let result = try cache.get(key, on: group.next()).wait()
        return (result, Date().timeIntervalSince(start))
    }

    /// Looks `tileKey()` up `lookups` times; each must answer `.unavailable`, and quickly.
    func expectUnavailable(lookups: Int) throws {
        for _ in 0..<lookups {
            let (result, seconds) = try lookup(tileKey())
            #expect(result.isUnavailable)
            #expect(seconds < lookupBound)
        }
    }

    func waitUntilHealthy(timeout: TimeInterval = 10) -> Bool {
        eventually(timeout: timeout) { cache.health == .ok }
    }

    /// Stores `tile` under `key` and waits until a lookup finds it.
    func expectStoredAndFound(_ key: TileKey, _ tile: CachedTile = sampleTile(), ttl: Int? = nil) throws {
        cache.set(key, tile, ttl: ttl)
        #expect(try eventually { try lookup(key).0.tile?.bytes == tile.bytes })
    }

    /// One outage: logged once as it began and once as it ended, not once per failed call.
    func expectOneOutageLogged() {
        #expect(logs.count("redis unreachable; serving tiles without it") == 1)
        #expect(logs.count("redis reachable again") == 1)
    }

    deinit {
        cache.shutdown()
        try? group.syncShutdownGracefully()
    }
}

extension RedisLookup {
    var isUnavailable: Bool {
        if case .unavailable = self { return true }
        return false
    }
    var isMiss: Bool {
        if case .miss = self { return true }
        return false
    }
    var isCorrupt: Bool {
        if case .corrupt = self { return true }
        return false
    }
    var tile: CachedTile? {
        if case .hit(let tile) = self { return tile }
        return nil
    }
}

/// One lookup may take a connect and a command timeout (100 ms each here); this bound only
/// catches a lookup that blocks on Redis, so it leaves room for a loaded machine.
private let lookupBound: TimeInterval = 1

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RedisTileCacheTests {
    @Test func aStoredTileIsFoundAndAMissingOneIsNot() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        #expect(fixture.waitUntilHealthy())
        #expect(fixture.logs.count("redis connected") == 1)

        let key = tileKey()
        let raw = try redis.connect()
        #expect(try fixture.lookup(key).0.isMiss)
        #expect(try raw.run("EXISTS", key: key.description) == .integer(0))

        let tile = sampleTile(size: 50_000)
        fixture.cache.set(key, tile, ttl: nil)
        #expect(try eventually { try fixture.lookup(key).0.tile != nil })
        let found = try #require(try fixture.lookup(key).0.tile)
        #expect(found.bytes == tile.bytes)
        #expect(found.warnings == tile.warnings)
        #expect(try raw.run("EXISTS", key: key.description) == .integer(1))

        let other = tileKey(z: 4)
        try fixture.expectStoredAndFound(other, sampleTile(size: 10, seed: 9, warnings: []))

        #expect(fixture.metrics.lookups(level: "redis", hit: true) >= 2)
        #expect(fixture.metrics.lookups(level: "redis", hit: false) >= 1)
        #expect(fixture.cache.healthReport == ["status": "ok", "url": .string("redis://127.0.0.1:\(redis.port)/0")])
    }

    @Test func theKeyIsTheTileKeyText() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        let key = TileKey(
            layer: "dem", configHash: "abc", dataIdentity: "d9", tile: TileAddress(z: 5, x: 6, y: 7, scale: 2))
        #expect(fixture.waitUntilHealthy())
        fixture.cache.set(key, sampleTile(size: 100), ttl: nil)
        let raw = try redis.connect()
        #expect(try eventually { try raw.run("EXISTS", key: "gz:tile:dem:abc:d9:5:6:7@2") == .integer(1) })
    }

    @Test func thePasswordAndDatabaseOfTheURLAreUsedOverTCPAndUnixSockets() throws {
        let redis = RedisServerProcess(password: "s3cret:@")
        try redis.start()
        let raw = try redis.connect()
        let key = tileKey()

        let overTCP = RedisCacheFixture(url: try RedisURL(parsing: "redis://:s3cret%3A%40@127.0.0.1:\(redis.port)/3"))
        #expect(overTCP.waitUntilHealthy())
        try overTCP.expectStoredAndFound(key)
        #expect(try raw.run("EXISTS", key: key.description) == .integer(0))
        #expect(try raw.run(["SELECT", "3"]) == .status("OK"))
        #expect(try raw.run("EXISTS", key: key.description) == .integer(1))

        let overUnix = RedisCacheFixture(
            url: RedisURL(endpoint: .unix(path: redis.socketPath), password: "s3cret:@", database: 3))
        #expect(overUnix.waitUntilHealthy())
        #expect(try overUnix.lookup(key).0.tile != nil)

        let refused = RedisCacheFixture(url: RedisURL(endpoint: .tcp(host: "127.0.0.1", port: redis.port)))
        #expect(eventually { refused.cache.health != .degraded("not connected yet") })
        guard case .degraded(let reason) = refused.cache.health else {
            Issue.record("health is \(refused.cache.health)")
            return
        }
        #expect(reason.contains("NOAUTH"))
        #expect(try refused.lookup(key).0.isUnavailable)
    }

    @Test func aDamagedValueIsReportedCorruptAndCanBeOverwritten() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        #expect(fixture.waitUntilHealthy())
        let raw = try redis.connect()

        let foreign = tileKey(z: 1)
        #expect(try raw.run(["SET", foreign.description, "not a tile"]) == .status("OK"))
        #expect(try fixture.lookup(foreign).0.isCorrupt)

        let truncated = tileKey(z: 2)
        let encoded = TileValueCodec.encode(sampleTile(size: 2000))
        let cut = encoded.getSlice(at: 0, length: encoded.readableBytes - 100)!
        #expect(try raw.set(truncated.description, value: cut, expireSeconds: nil) == .status("OK"))
        #expect(try fixture.lookup(truncated).0.isCorrupt)
        #expect(fixture.metrics.redisErrors(kind: "corrupt") == 2)

        try fixture.expectStoredAndFound(truncated, sampleTile(size: 2000))
        #expect(fixture.cache.health == .ok)
    }

    @Test func aTTLIsAppliedWhenGiven() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        let raw = try redis.connect()

        #expect(fixture.waitUntilHealthy())
        let expiring = tileKey(z: 1)
        try fixture.expectStoredAndFound(expiring, ttl: 60)
        guard case .integer(let seconds) = try raw.run("TTL", key: expiring.description) else {
            Issue.record("TTL did not answer an integer")
            return
        }
        #expect(seconds > 0 && seconds <= 60)

        let kept = tileKey(z: 2)
        try fixture.expectStoredAndFound(kept, ttl: 0)
        #expect(try raw.run("TTL", key: kept.description) == .integer(-1))
    }

    @Test func redisDownAtStartIsServedAroundThenJoinedWhenItComes() throws {
        let redis = RedisServerProcess()
        let fixture = RedisCacheFixture(url: redis.url)
        let key = tileKey()

        try fixture.expectUnavailable(lookups: 20)
        fixture.cache.set(key, sampleTile(), ttl: nil)
        #expect(eventually { if case .degraded = fixture.cache.health { true } else { false } })
        #expect(fixture.cache.healthReport["status"] == "degraded")
        #expect(fixture.cache.healthReport["reason"]?.stringValue?.isEmpty == false)
        #expect(fixture.metrics.redisErrors(kind: "connect") >= 1)

        // Let a few retries fail and back off before Redis appears.
        #expect(eventually { fixture.metrics.redisErrors(kind: "connect") >= 3 })
        try redis.start()
        #expect(fixture.waitUntilHealthy())
        try fixture.expectStoredAndFound(key)

        fixture.expectOneOutageLogged()
    }

    /// A running Redis, and a cache on it, healthy, that holds a tile under `tileKey()`.
    func cacheHoldingATile() throws -> (RedisServerProcess, RedisCacheFixture, TileKey) {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        #expect(fixture.waitUntilHealthy())
        let key = tileKey()
        try fixture.expectStoredAndFound(key)
        return (redis, fixture, key)
    }

    @Test func redisKilledMidLoadDegradesWithoutErrorsAndRecoversAfterRestart() throws {
        let (redis, fixture, key) = try cacheHoldingATile()

        redis.kill()
        var unavailable = 0
        for index in 0..<200 {
            let (result, seconds) = try fixture.lookup(tileKey(x: index % 2))
            #expect(seconds < lookupBound)
            #expect(result.tile == nil)
            if result.isUnavailable { unavailable += 1 }
        }
        #expect(unavailable == 200)
        if case .degraded = fixture.cache.health {} else { Issue.record("health is \(fixture.cache.health)") }
        #expect(fixture.metrics.redisErrors(kind: "connect") >= 1)

        try redis.start()
        #expect(fixture.waitUntilHealthy())
        // A restart without persistence comes back empty.
        #expect(try eventually { try fixture.lookup(key).0.isMiss })
        try fixture.expectStoredAndFound(key)

        fixture.expectOneOutageLogged()
    }

    @Test func aSlowRedisTimesOutLookupsThenServesAgain() throws {
        let (redis, fixture, key) = try cacheHoldingATile()

        // DEBUG SLEEP blocks the whole server, as a long Lua script or a fork on a big dataset would.
        let url = redis.url
        let slept = Thread {
            let sleeper = try? RedisConnection(url: url, connectTimeout: .seconds(5), commandTimeout: .seconds(5))
            _ = try? sleeper?.run(["DEBUG", "SLEEP", "1.5"])
        }
        slept.start()

        // Lookups until the sleep has begun and one has timed out; each within its bound.
        let started = Date()
        var unavailable = 0
        while unavailable == 0 && Date().timeIntervalSince(started) < 1.4 {
            let (result, seconds) = try fixture.lookup(key)
            #expect(seconds < lookupBound)
            if result.isUnavailable { unavailable += 1 }
        }
        #expect(unavailable > 0)
        #expect(fixture.metrics.redisErrors(kind: "timeout") >= 1)

        #expect(fixture.waitUntilHealthy())
        #expect(try eventually { try fixture.lookup(key).0.tile != nil })
        fixture.expectOneOutageLogged()
    }

    @Test func aPeerThatNeverAnswersTimesOut() throws {
        let peer = try FakeRedisPeer(.silent)
        defer { try? peer.stop() }
        let fixture = RedisCacheFixture(url: peer.url)
        try fixture.expectUnavailable(lookups: 10)
        #expect(eventually { fixture.metrics.redisErrors(kind: "timeout") >= 1 })
        if case .degraded = fixture.cache.health {} else { Issue.record("health is \(fixture.cache.health)") }
        // The error is counted just before the outage is logged, on the Redis thread.
        let unreachable = "redis unreachable; serving tiles without it"
        #expect(eventually { fixture.logs.count(unreachable) >= 1 })
        #expect(fixture.logs.count(unreachable) == 1)
    }

    @Test func aPeerAnsweringGarbageIsAProtocolError() throws {
        let peer = try FakeRedisPeer(.garbage)
        defer { try? peer.stop() }
        let fixture = RedisCacheFixture(url: peer.url)
        try fixture.expectUnavailable(lookups: 10)
        #expect(eventually { fixture.metrics.redisErrors(kind: "protocol") >= 1 })
        guard case .degraded(let reason) = fixture.cache.health else {
            Issue.record("health is \(fixture.cache.health)")
            return
        }
        #expect(reason.contains("protocol"))
    }

    @Test func aFullQueueSkipsRedisAtOnce() throws {
        // One thread, busy with a reply that never comes; one queue slot.
        let peer = try FakeRedisPeer(.silent)
        defer { try? peer.stop() }
        let fixture = RedisCacheFixture(url: peer.url, threads: 1, queueCapacity: 1)
        let futures = (0..<20).map { fixture.cache.get(tileKey(x: $0), on: fixture.group.next()) }
        for future in futures {
            #expect(try future.wait().isUnavailable)
        }
        #expect(fixture.metrics.redisErrors(kind: "queue_full") >= 1)
    }

    @Test func afterShutdownLookupsAnswerAtOnce() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let fixture = RedisCacheFixture(url: redis.url)
        #expect(fixture.waitUntilHealthy())
        fixture.cache.shutdown()
        fixture.cache.shutdown()
        let (result, seconds) = try fixture.lookup(tileKey())
        #expect(result.isUnavailable)
        #expect(seconds < 0.1)
        // The Redis threads have ended, so a write after shutdown can never reach Redis.
        fixture.cache.set(tileKey(), sampleTile(), ttl: nil)
        #expect(try redis.connect().run("EXISTS", key: tileKey().description) == .integer(0))
    }

    @Test func aDisabledCacheReportsDisabled() {
        #expect(RedisTileCache.disabledHealthReport == ["status": "disabled"])
    }
}
