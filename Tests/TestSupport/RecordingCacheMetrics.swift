import GeoToolzCache
import NIOConcurrencyHelpers

/// Cache metrics kept in memory, for tests to read back what a cache counted.
public final class RecordingCacheMetrics: CacheMetrics {
    private struct Lookup: Hashable {
        let level: String
        let hit: Bool
    }

    private let lookupCounts = NIOLockedValueBox<[Lookup: Int]>([:])
    private let errorCounts = NIOLockedValueBox<[String: Int]>([:])

    public init() {}

    public func cacheLookup(level: String, hit: Bool) {
        lookupCounts.withLockedValue { $0[Lookup(level: level, hit: hit), default: 0] += 1 }
    }

    public func redisError(kind: String) {
        errorCounts.withLockedValue { $0[kind, default: 0] += 1 }
    }

    /// Lookups counted at `level` that hit (or missed).
    public func lookups(level: String, hit: Bool) -> Int {
        lookupCounts.withLockedValue { $0[Lookup(level: level, hit: hit)] ?? 0 }
    }

    /// Redis failures counted of `kind`.
    public func redisErrors(kind: String) -> Int {
        errorCounts.withLockedValue { $0[kind] ?? 0 }
    }
}
