import Foundation
import GeoToolzCache
import GeoToolzIO
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import GeoToolzSeed

/// Pre-warming against a real `redis-server`: the tiles it stores are the ones the server's cache
/// looks for.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PrewarmRedisTests {
    let layers: [Layer]

    init() throws {
        layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
    }

    func configuration(_ redis: RedisServerProcess) -> RedisCacheConfiguration {
        var configuration = RedisCacheConfiguration(url: redis.url)
        configuration.commandTimeout = .seconds(2)
        configuration.connectTimeout = .seconds(2)
        return configuration
    }

    func cache(_ redis: RedisServerProcess) -> RedisTileCache {
        RedisTileCache(
            configuration: configuration(redis), metrics: RecordingCacheMetrics(), logger: LogRecorder().logger)
    }

    func run(
        _ plan: TilePlan, into redis: RedisServerProcess, force: Bool = false, maxFailures: Int = 0
    ) -> PrewarmSummary {
        let warmer = RedisTileWarmer(
            layers: layers, redis: configuration(redis), scale: 1, policy: CachedTilePolicy(force: force))
        return PrewarmJob(plan: plan, warmer: warmer, concurrency: 2, maxFailures: maxFailures).run()
    }

    @Test func prewarmedTilesAreRedisHitsForTheServer() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let shared = cache(redis)
        defer { shared.shutdown() }
        let plan = TilePlan(layers: layers.map(LayerExtent.init), zooms: 6...9)

        let first = run(plan, into: redis)
        #expect(first.ending == .finished)
        #expect(first.progress.rendered == plan.count && first.progress.failed == 0)
        #expect(try RedisKeyspace(url: redis.url).stats(layer: "dem").keys == plan.count)
        let raw = try redis.connect()
        for index in 0..<plan.count {
            let key = TileRender.key(plan.item(at: index).tile, scale: 1, of: layers[0])
            #expect(try raw.run(["EXISTS", key.description]) == .integer(1))
        }

        // The cache the server looks tiles up in finds them, with the bytes a render makes.
        let tile = plan.item(at: plan.count - 1).tile
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let key = TileRender.key(tile, scale: 1, of: layers[0])
        guard case .hit(let found) = try shared.get(key, on: group.next()).wait() else {
            Issue.record("a pre-warmed tile is not a Redis hit")
            return
        }
        #expect(Data(found.bytes.readableBytesView) == (try layers[0].render(tile)).data)

        let second = run(plan, into: redis)
        #expect(second.progress.cached == plan.count && second.progress.rendered == 0)
        let forced = run(plan, into: redis, force: true)
        #expect(forced.progress.rendered == plan.count && forced.progress.cached == 0)
    }

    @Test func refreshOlderThanRendersExactlyTheOldTilesAndSkipUncachedLeavesTheMissingOnes() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let plan = TilePlan(layers: layers.map(LayerExtent.init), zooms: 6...9)
        #expect(run(plan, into: redis).progress.rendered == plan.count)
        let raw = try redis.connect()
        let keys = (0..<plan.count).map { TileRender.key(plan.item(at: $0).tile, scale: 1, of: layers[0]).description }
        func value(_ key: String) throws -> ByteBuffer? {
            guard case .bulk(let bytes) = try raw.run(["GET", key]) else { return nil }
            return bytes
        }
        // Every third tile made two hours ago; every fourth of the rest gone.
        let twoHoursAgo = Date().addingTimeInterval(-7200)
        var old = Set<String>()
        var gone = Set<String>()
        var before = [String: ByteBuffer]()
        for (index, key) in keys.enumerated() {
            if index % 3 == 0 {
                let stored = try #require(try value(key))
                let tile = try #require(TileValueCodec.decode(stored))
                let aged = TileValueCodec.encode(tile, created: twoHoursAgo)
                #expect(try raw.set(key, value: aged, expireSeconds: nil) == .status("OK"))
                old.insert(key)
            } else if index % 4 == 0 {
                #expect(try raw.run(["DEL", key]) == .integer(1))
                gone.insert(key)
            } else {
                before[key] = try value(key)
            }
        }
        try #require(!old.isEmpty && !gone.isEmpty && !before.isEmpty)

        let policy = CachedTilePolicy(refreshOlderThan: .seconds(3600), skipUncached: true)
        let warmer = RedisTileWarmer(layers: layers, redis: configuration(redis), scale: 1, policy: policy)
        let summary = PrewarmJob(plan: plan, warmer: warmer, concurrency: 2, maxFailures: 0).run()
        #expect(summary.ending == .finished)
        #expect(summary.progress.refreshed == old.count && summary.progress.rendered == old.count)
        #expect(summary.progress.uncached == gone.count)
        #expect(summary.progress.cached == before.count)
        for key in old {
            let header = try #require(try value(key))
            let made = try #require(TileValueCodec.creationTime(ofPrefix: header))
            #expect(abs(made.timeIntervalSinceNow) < 120, "\(key) was not refreshed")
            #expect(TileValueCodec.decode(header) != nil)
        }
        for key in gone { #expect(try raw.run(["EXISTS", key]) == .integer(0)) }
        for (key, bytes) in before { #expect(try value(key) == bytes, "\(key) was rewritten") }

        // Without --skip-uncached the missing tiles are rendered; nothing is old any more.
        let again = RedisTileWarmer(
            layers: layers, redis: configuration(redis), scale: 1,
            policy: CachedTilePolicy(refreshOlderThan: .seconds(3600)))
        let second = PrewarmJob(plan: plan, warmer: again, concurrency: 2, maxFailures: 0).run()
        #expect(second.progress.rendered == gone.count && second.progress.refreshed == 0)
        #expect(second.progress.cached == plan.count - gone.count)
    }

    @Test func aRedisThatGoesAwayFailsTilesWithTheReasonAndIsReconnectedWhenBack() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let plan = TilePlan(layers: layers.map(LayerExtent.init), zooms: 6...8)
        #expect(run(plan, into: redis).progress.rendered == plan.count)

        redis.kill()
        let messages = NIOLockedValueBox([String]())
        let warmer = RedisTileWarmer(
            layers: layers, redis: configuration(redis), scale: 1, policy: CachedTilePolicy(force: true))
        let down = PrewarmJob(
            plan: plan, warmer: warmer, concurrency: 1, maxFailures: 2,
            onFailure: { _, message in messages.withLockedValue { $0.append(message) } }
        ).run()
        #expect(down.ending == .tooManyFailures(limit: 2) && down.progress.rendered == 0)
        let reported = messages.withLockedValue { $0 }
        #expect(reported.first?.hasPrefix("Redis did not store the tile: ") == true, "\(reported)")

        // Without --force the EXISTS fails first, and the tile is not rendered for nothing.
        let asking = NIOLockedValueBox([String]())
        let unforced = PrewarmJob(
            plan: plan, warmer: RedisTileWarmer(layers: layers, redis: configuration(redis), scale: 1, policy: .keep),
            concurrency: 1, maxFailures: 0, onFailure: { _, message in asking.withLockedValue { $0.append(message) } }
        ).run()
        #expect(unforced.ending == .tooManyFailures(limit: 0) && unforced.progress.rendered == 0)
        let unforcedMessages = asking.withLockedValue { $0 }
        #expect(unforcedMessages.first?.hasPrefix("Redis could not say whether it holds the tile: ") == true)

        // The same port again: the next run connects anew and finds nothing cached.
        let back = RedisServerProcess(port: redis.port)
        try back.start()
        defer { back.kill() }
        let again = run(plan, into: back)
        #expect(again.ending == .finished && again.progress.rendered == plan.count)
    }

    @Test func anUnreachableRedisIsRefusedUpFront() {
        let url = RedisURL(endpoint: .tcp(host: "127.0.0.1", port: freeLoopbackPort()))
        #expect(throws: PrewarmError.self) { try RedisTileWarmer.checkReachable(url, timeout: .seconds(1)) }
    }

    @Test func serverURLsParse() throws {
        let plain = try HTTPEndpoint(parsing: "http://tiles.example:8080/")
        #expect(plain.host == "tiles.example" && plain.port == 8080 && plain.basePath == "")
        let prefixed = try HTTPEndpoint(parsing: "http://[::1]/geo/tiles")
        #expect(prefixed.host == "::1" && prefixed.port == 80 && prefixed.basePath == "/geo/tiles")
        #expect(prefixed.hostHeader == "[::1]")
        for bad in ["https://x", "x:80", "http://", "http://h:0", "http://h:x", "http://u@h"] {
            #expect(throws: PrewarmError.self, "\(bad)") { try HTTPEndpoint(parsing: bad) }
        }
    }
}
