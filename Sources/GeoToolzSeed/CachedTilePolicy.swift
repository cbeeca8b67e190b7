import Foundation
import GeoToolzCache
import NIOCore

/// What a seeding run into Redis does with a tile according to what Redis holds of it.
public struct CachedTilePolicy: Sendable, Equatable {
    /// Render tiles Redis already holds (`--force`).
    public var force = false
    /// Render cached tiles made longer ago than this (`--refresh-older-than`), reading only the
    /// value's header; a value without a readable creation time counts as old.
    public var refreshOlderThan: Duration?
    /// Leave tiles Redis does not hold (`--skip-uncached`): a run that only refreshes.
    public var skipUncached = false

    public init(force: Bool = false, refreshOlderThan: Duration? = nil, skipUncached: Bool = false) {
        self.force = force
        self.refreshOlderThan = refreshOlderThan
        self.skipUncached = skipUncached
    }

    /// Cached tiles are left as they are; missing ones are rendered.
    public static let keep = CachedTilePolicy()

    /// What to do with a tile.
    public enum Decision: Equatable {
        /// Leave it, counted as `outcome`.
        case skip(TileOutcome)
        /// Render and store it; `refresh` when it replaces an old value.
        case render(refresh: Bool)
    }

    /// Decides for the tile under `key`, asking `redis` as little as needed: one EXISTS, or the
    /// value's first bytes when ages matter. With `force` there is nothing to ask: not called.
    func decide(_ key: String, on redis: RedisClient, now: Date = Date()) throws(RedisError) -> Decision {
        guard let maxAge = refreshOlderThan else {
            if try redis.exists(key) { return .skip(.cached) }
            return skipUncached ? .skip(.uncached) : .render(refresh: false)
        }
        let reply = try redis.run(["GETRANGE", key, "0", String(TileValueCodec.headerSize - 1)], routedBy: key)
        switch reply {
        case .bulk(let header) where header.readableBytes > 0:
            let created = TileValueCodec.creationTime(ofPrefix: header)
            guard let created, now.timeIntervalSince(created) <= maxAge.seconds else { return .render(refresh: true) }
            return .skip(.cached)
        case .bulk, .null:
            // GETRANGE answers an empty string for a missing key.
            return skipUncached ? .skip(.uncached) : .render(refresh: false)
        case .error(let message): throw .reply(message)
        default: throw .protocolViolation("GETRANGE answered \(reply)")
        }
    }
}
