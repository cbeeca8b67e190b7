/// What the caches record, and nothing else: the server's metrics conform to it, and a command
/// or a test that has no metrics registry passes its own.
///
/// Calls come from the Redis threads and the event loops at once, so a conforming type must be
/// safe to call from any thread, and cheap: a lookup records one event.
public protocol CacheMetrics: Sendable {
    /// Counts a cache lookup at `level` (`memory`, `redis`) that hit or missed.
    func cacheLookup(level: String, hit: Bool)
    /// Counts a Redis failure of `kind`: one of the kinds `RedisTileCache.errorsMetric` lists
    /// (`connect`, `timeout`, `protocol`, `reply`, `corrupt`, `deadline`, `queue_full`).
    func redisError(kind: String)
}
