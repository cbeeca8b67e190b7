import Foundation
import GeoToolzCache
import GeoToolzIO
import NIOCore
import NIOPosix
import TestSupport
import Testing

@testable import GeoToolzSeed

/// Pre-warming into a real Redis Cluster of three masters: every tile lands on the master of its
/// slot, where the server's cache looks for it.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PrewarmRedisClusterTests {
    @Test func prewarmedTilesSpreadOverTheMastersAndAreHits() throws {
        let layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        let cluster = RedisClusterProcess()
        try cluster.start()
        try RedisTileWarmer.checkReachable(cluster.url, timeout: .seconds(2))
        var configuration = RedisCacheConfiguration(url: cluster.url)
        configuration.commandTimeout = .seconds(2)
        configuration.connectTimeout = .seconds(2)
        let plan = TilePlan(layers: layers.map(LayerExtent.init), zooms: 6...8)
        let warmer = RedisTileWarmer(layers: layers, redis: configuration, scale: 1, policy: .keep)

        let first = PrewarmJob(plan: plan, warmer: warmer, concurrency: 2, maxFailures: 0).run()
        #expect(first.ending == .finished && first.progress.rendered == plan.count)
        #expect(try RedisKeyspace(url: cluster.url).stats(layer: "dem").keys == plan.count)
        for master in try cluster.masters() {
            #expect(try master.connect().run(["DBSIZE"]) != .integer(0))
        }
        let second = PrewarmJob(plan: plan, warmer: warmer, concurrency: 2, maxFailures: 0).run()
        #expect(second.progress.cached == plan.count && second.progress.rendered == 0)
        // Ages are read from each tile's master (GETRANGE, routed by the key): every tile is older than 0 s.
        let refreshing = RedisTileWarmer(
            layers: layers, redis: configuration, scale: 1, policy: CachedTilePolicy(refreshOlderThan: .zero))
        let third = PrewarmJob(plan: plan, warmer: refreshing, concurrency: 2, maxFailures: 0).run()
        #expect(third.ending == .finished && third.progress.refreshed == plan.count)

        let cache = RedisTileCache(
            configuration: configuration, metrics: RecordingCacheMetrics(), logger: LogRecorder().logger)
        defer { cache.shutdown() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let tile = plan.item(at: plan.count - 1).tile
        guard case .hit = try cache.get(TileRender.key(tile, scale: 1, of: layers[0]), on: group.next()).wait() else {
            Issue.record("a pre-warmed tile is not a Redis hit")
            return
        }
    }
}
