import Foundation
import GeoToolzCache
import GeoToolzIO
import NIOCore

/// Renders tiles in this process and stores them in Redis, through the same render-to-cache
/// step as the server (`TileRender`), so every tile stored is a Redis hit for a server of the
/// same layers.
///
/// Each worker thread talks to Redis over its own connection, blocking on it: a seeding thread
/// has nothing else to do meanwhile, and handing every EXISTS and SET to another thread costs
/// more than the round trip itself.
public final class RedisTileWarmer: TileWarmer {
    private let layers: [String: Layer]
    private let redis: RedisCacheConfiguration
    private let scale: Int
    private let policy: CachedTilePolicy

    /// Warms `layers` at `scale` into the Redis of `redis` (its URL and timeouts), doing with tiles
    /// already cached what `policy` says.
    public init(layers: [Layer], redis: RedisCacheConfiguration, scale: Int, policy: CachedTilePolicy = .keep) {
        self.layers = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.redis = redis
        self.scale = scale
        self.policy = policy
    }

    public func makeWorker() -> any TileWarmingWorker {
        Worker(self)
    }

    public static func checkReachable(_ url: RedisURL, timeout: Duration = .seconds(3)) throws(PrewarmError) {
        do {
            try RedisClient(url: url, connectTimeout: timeout, commandTimeout: timeout).ping()
        } catch {
            throw PrewarmError("cannot reach Redis at \(url): \(error)")
        }
    }

    /// One thread's share of the work, with that thread's connection.
    private final class Worker: TileWarmingWorker {
        let warmer: RedisTileWarmer
        /// Opened on first use, and again after a failure broke it.
        var connection: RedisClient?

        init(_ warmer: RedisTileWarmer) { self.warmer = warmer }

        func warm(_ item: TilePlan.Item, of extent: LayerExtent, turn: RenderTurn) -> TileOutcome {
            guard let layer = warmer.layers[extent.name] else { return .failed("no layer '\(extent.name)' is loaded") }
            guard layer.serves(item.tile) else { return .outside }
            let key = TileRender.key(item.tile, scale: warmer.scale, of: layer).description
            // A Redis that cannot answer would not store the tile either: fail it now, without
            // rendering it or waiting out a second timeout.
            var refreshing = false
            // With --force nothing is asked: Redis is first reached when the render is stored.
            if !warmer.policy.force {
                do {
                    switch try redis({ client throws(RedisError) in try warmer.policy.decide(key, on: client) }) {
                    case .skip(let outcome): return outcome
                    case .render(let refresh): refreshing = refresh
                    }
                } catch {
                    return .failed("Redis could not say whether it holds the tile: \(error)")
                }
            }
            guard turn.take() else { return .notStarted }
            let made: TileRender
            do {
                made = try TileRender(item.tile, scale: warmer.scale, of: layer)
            } catch {
                return .failed("render failed: \(error)")
            }
            do {
                try redis { connection throws(RedisError) in try connection.store(made.value, at: key, ttl: made.ttl) }
                let size = made.rendered.data.count
                return refreshing ? .refreshed(bytes: size) : .rendered(bytes: size)
            } catch {
                return .failed("Redis did not store the tile: \(error)")
            }
        }

        /// Runs `body` on this thread's connection, connecting first when there is none; a
        /// failure drops the connection, so the next tile connects anew.
        private func redis<Result>(_ body: (RedisClient) throws(RedisError) -> Result) throws(RedisError)
            -> Result
        {
            do throws(RedisError) {
                if let connection { return try body(connection) }
                let opened = try RedisClient(
                    url: warmer.redis.url, connectTimeout: warmer.redis.connectTimeout,
                    commandTimeout: warmer.redis.commandTimeout)
                connection = opened
                return try body(opened)
            } catch {
                connection = nil
                throw error
            }
        }
    }
}
