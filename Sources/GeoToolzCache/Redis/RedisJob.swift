import NIOCore

/// Work for a Redis thread. Lookups and writes are plain cases, so queueing them allocates no closure.
enum RedisJob: Sendable {
    /// Look `key` up and complete `promise`; answer `.unavailable` unstarted after `deadline`.
    case get(key: String, deadline: NIODeadline, promise: EventLoopPromise<RedisLookup>)
    /// Store `tile` under `key`, expiring after `ttl` seconds when given.
    case set(key: String, tile: CachedTile, ttl: Int?)
    /// Read the record under `key` and complete `promise` with it, nil when absent or unreadable.
    case getRecord(key: String, deadline: NIODeadline, promise: EventLoopPromise<RedisRecordLookup>)
    /// Store `value` under `key` and complete `promise` with whether Redis took it.
    case setRecord(key: String, value: ByteBuffer, promise: EventLoopPromise<Bool>)

    /// Answers the job without Redis.
    func abandon() {
        switch self {
        case .get(_, _, let promise): promise.succeed(.unavailable)
        case .set: break
        case .getRecord(_, _, let promise): promise.succeed(.unavailable)
        case .setRecord(_, _, let promise): promise.succeed(false)
        }
    }
}
