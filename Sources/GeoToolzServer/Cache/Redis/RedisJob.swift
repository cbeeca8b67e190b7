import NIOCore

/// Work for a Redis thread. Lookups and writes are plain cases, so queueing them allocates no closure.
enum RedisJob: Sendable {
    /// Look `key` up and complete `promise`; answer `.unavailable` unstarted after `deadline`.
    case get(key: String, deadline: NIODeadline, promise: EventLoopPromise<RedisLookup>)
    /// Store `tile` under `key`, expiring after `ttl` seconds when given.
    case set(key: String, tile: CachedTile, ttl: Int?)
    /// Run a caller's commands (the blocking API).
    case call(RedisCall)

    /// Answers the job without Redis.
    func abandon() {
        switch self {
        case .get(_, _, let promise): promise.succeed(.unavailable)
        case .set: break
        case .call(let call): call.abandon()
        }
    }
}

/// Commands a caller waits for, run on a Redis thread with its connection.
struct RedisCall: Sendable {
    /// After this the call is abandoned unstarted.
    let deadline: NIODeadline
    let run: @Sendable (RedisConnection) throws(RedisError) -> Void
    /// Called instead of `run` when Redis is unavailable, or after `run` failed.
    let abandon: @Sendable () -> Void
}
