import Atomics
import Foundation
import GeoToolz
import Logging
import NIOCore

/// Tiles shared through Redis: the second cache level, behind the in-process memory cache.
///
/// Redis is reached by a few dedicated threads (not the event loops, not the render pool), each
/// with its own hiredis connection, fed by a bounded queue. Nothing here fails a request: a lookup
/// that cannot be answered in time — Redis down, slow, answering garbage, or the queue full — is
/// `.unavailable`, and the caller renders. While Redis is down, lookups are answered at once
/// without touching the network, and the threads retry with exponential backoff.
public final class RedisTileCache: Sendable {
    /// The counter of failures, labelled `kind`: `connect`, `timeout`, `protocol`, `reply`
    /// (an error reply), `corrupt` (an unreadable value), `deadline` (a job that waited past its
    /// budget), `queue_full`.
    public static let errorsMetric = "geotoolz_redis_errors_total"

    public let configuration: RedisCacheConfiguration
    private let queue: RedisJobQueue<RedisJob>
    private let availability: RedisAvailability
    private let metrics: any CacheMetrics
    /// Entered once per thread, left when it ends; `shutdown` waits for it.
    private let runningThreads = DispatchGroup()
    private let stopped = ManagedAtomic(false)
    private let queueBudget: TimeAmount

    /// Starts the Redis threads; they connect at once, and keep retrying while Redis is down.
    public init(configuration: RedisCacheConfiguration, metrics: any CacheMetrics, logger: Logger) {
        precondition(configuration.threads > 0, "the Redis cache needs at least one thread")
        self.configuration = configuration
        self.metrics = metrics
        queue = RedisJobQueue(capacity: max(configuration.queueCapacity, 1))
        availability = RedisAvailability(
            backoff: RedisBackoff(initial: configuration.initialBackoff, maximum: configuration.maximumBackoff),
            logger: logger, url: configuration.url.description)
        queueBudget = Self.timeAmount(configuration.commandTimeout)

        for index in 0..<configuration.threads {
            // The thread holds what the worker needs, not `self`, so dropping the cache stops it.
            let (queue, availability, running) = (queue, availability, runningThreads)
            let thread = Thread {
                RedisWorker(configuration: configuration, queue: queue, availability: availability, metrics: metrics)
                    .run()
                running.leave()
            }
            thread.name = "geotoolz-redis-\(index)"
            runningThreads.enter()
            thread.start()
        }
    }

    deinit {
        for job in queue.close() { job.abandon() }
    }

    /// Looks `key` up. Never fails: Redis trouble of any kind gives `.unavailable` — within about
    /// two command timeouts (a lookup that waited a whole one in the queue is not sent), and at
    /// once while Redis is known to be down.
    public func get(_ key: TileKey, on eventLoop: any EventLoop) -> EventLoopFuture<RedisLookup> {
        let now = NIODeadline.now()
        guard !availability.isResting(at: now), !stopped.load(ordering: .relaxed) else {
            return eventLoop.makeSucceededFuture(.unavailable)
        }
        let promise = eventLoop.makePromise(of: RedisLookup.self)
        if !queue.push(.get(key: key.description, deadline: now + queueBudget, promise: promise)) {
            count("queue_full")
            promise.succeed(.unavailable)
        }
        return promise.futureResult
    }

    /// Stores `tile` without waiting; skipped while Redis is down or the queue is full.
    /// A `ttl` (seconds) of nil or below 1 keeps the tile until Redis evicts it.
    public func set(_ key: TileKey, _ tile: CachedTile, ttl: Int?) {
        guard !availability.isResting(at: .now()), !stopped.load(ordering: .relaxed) else { return }
        if !queue.push(.set(key: key.description, tile: tile, ttl: ttl)) {
            count("queue_full")
        }
    }

    /// Looks up a record other than a tile (e.g. a stored pipeline) under `key`. Never fails:
    /// Redis trouble gives `.unavailable`, within about two command timeouts.
    public func record(_ key: String, on eventLoop: any EventLoop) -> EventLoopFuture<RedisRecordLookup> {
        let now = NIODeadline.now()
        guard !availability.isResting(at: now), !stopped.load(ordering: .relaxed) else {
            return eventLoop.makeSucceededFuture(.unavailable)
        }
        let promise = eventLoop.makePromise(of: RedisRecordLookup.self)
        if !queue.push(.getRecord(key: key, deadline: now + queueBudget, promise: promise)) {
            count("queue_full")
            promise.succeed(.unavailable)
        }
        return promise.futureResult
    }

    /// Stores a record other than a tile under `key`, without expiry; completes with whether
    /// Redis took it (false while Redis is down or the queue is full).
    public func storeRecord(_ key: String, _ value: ByteBuffer, on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        guard !availability.isResting(at: .now()), !stopped.load(ordering: .relaxed) else {
            return eventLoop.makeSucceededFuture(false)
        }
        let promise = eventLoop.makePromise(of: Bool.self)
        if !queue.push(.setRecord(key: key, value: value, promise: promise)) {
            count("queue_full")
            promise.succeed(false)
        }
        return promise.futureResult
    }

    /// `.ok`, or `.degraded` with the reason while tiles are served without Redis.
    public var health: RedisHealth {
        stopped.load(ordering: .relaxed) ? .degraded("shut down") : availability.health
    }

    /// The `redis` entry of `/health`: status, URL (password hidden) and, when degraded, the reason.
    public var healthReport: ConfigValue {
        health.report(url: configuration.url.description)
    }

    /// The `redis` entry of `/health` when no Redis is configured.
    public static let disabledHealthReport: ConfigValue = RedisHealth.disabled.report(url: nil)

    /// Answers queued jobs without Redis, stops the threads and closes their connections.
    /// Waits at most about one timeout for a command in flight.
    public func shutdown() {
        guard stopped.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        for job in queue.close() { job.abandon() }
        runningThreads.wait()
    }

    private func count(_ kind: String) {
        metrics.redisError(kind: kind)
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.nanoseconds)
    }
}
