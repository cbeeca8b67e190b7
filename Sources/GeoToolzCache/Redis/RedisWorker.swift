import NIOCore

/// One Redis thread: takes jobs from the queue and runs them on its own connection.
///
/// While Redis is down a job is answered without it at once, and the thread retries Redis only
/// when `RedisAvailability` admits it — after the job is answered, so a retry never delays a lookup.
final class RedisWorker {
    private let configuration: RedisCacheConfiguration
    private let queue: RedisJobQueue<RedisJob>
    private let availability: RedisAvailability
    private let metrics: any CacheMetrics
    private let allocator = ByteBufferAllocator()
    private var connection: RedisClient?
    /// The availability epoch `connection` was opened in.
    private var connectionEpoch = -1

    init(
        configuration: RedisCacheConfiguration, queue: RedisJobQueue<RedisJob>, availability: RedisAvailability,
        metrics: any CacheMetrics
    ) {
        self.configuration = configuration
        self.queue = queue
        self.availability = availability
        self.metrics = metrics
    }

    /// Runs jobs until the queue closes.
    func run() {
        // Connect before the first job, so `/health` tells the truth from start-up.
        retryIfAdmitted()
        while true {
            switch queue.pop(timeout: idleWait()) {
            case .job(let job): perform(job)
            case .timedOut: retryIfAdmitted()
            case .closed:
                connection = nil
                return
            }
        }
    }

    private func perform(_ job: RedisJob) {
        guard let connection = connectionForJob() else {
            job.abandon()
            retryIfAdmitted()
            return
        }
        switch job {
        case .get(let key, let deadline, let promise):
            promise.succeed(lookup(key, deadline: deadline, on: connection))
        case .set(let key, let tile, let ttl):
            store(key, tile, ttl: ttl, on: connection)
        case .getRecord(let key, let deadline, let promise):
            promise.succeed(lookUpRecord(key, deadline: deadline, on: connection))
        case .setRecord(let key, let value, let promise):
            promise.succeed(storeRecord(key, value, on: connection))
        }
    }

    private func lookUpRecord(_ key: String, deadline: NIODeadline, on connection: RedisClient)
        -> RedisRecordLookup
    {
        guard NIODeadline.now() <= deadline else {
            count("deadline")
            return .unavailable
        }
        do {
            switch try connection.run("GET", key: key) {
            case .null: return .missing
            case .bulk(let value): return .found(value)
            case .error(let message):
                failed(.reply(message))
                return .unavailable
            case let reply:
                failed(.protocolViolation("GET answered \(reply)"))
                return .unavailable
            }
        } catch {
            failed(error)
            return .unavailable
        }
    }

    private func storeRecord(_ key: String, _ value: ByteBuffer, on connection: RedisClient) -> Bool {
        do {
            switch try connection.set(key, value: value, expireSeconds: nil) {
            case .status: return true
            case .error(let message):
                failed(.reply(message))
                return false
            case let reply:
                failed(.protocolViolation("SET answered \(reply)"))
                return false
            }
        } catch {
            failed(error)
            return false
        }
    }

    private func lookup(_ key: String, deadline: NIODeadline, on connection: RedisClient) -> RedisLookup {
        // Waited in the queue (or for a reconnect) past its budget: the caller renders instead.
        guard NIODeadline.now() <= deadline else {
            count("deadline")
            return .unavailable
        }
        let reply: RedisReply
        do {
            reply = try connection.run("GET", key: key)
        } catch {
            failed(error)
            return .unavailable
        }
        switch reply {
        case .null:
            availability.recordLookup(failure: nil)
            metrics.cacheLookup(level: "redis", hit: false)
            return .miss
        case .bulk(let value):
            guard let tile = TileValueCodec.decode(value) else {
                count("corrupt")
                metrics.cacheLookup(level: "redis", hit: false)
                return .corrupt
            }
            availability.recordLookup(failure: nil)
            metrics.cacheLookup(level: "redis", hit: true)
            return .hit(tile)
        case .error(let message):
            availability.recordLookup(failure: message)
            failed(.reply(message))
            return .unavailable
        default:
            failed(.protocolViolation("GET answered \(reply)"))
            return .unavailable
        }
    }

    private func store(_ key: String, _ tile: CachedTile, ttl: Int?, on connection: RedisClient) {
        do {
            try connection.store(tile, at: key, ttl: ttl, allocator: allocator)
        } catch {
            failed(error)
        }
    }

    /// The connection to run a job on, reconnecting first if Redis is up but this thread's
    /// connection is missing or from before an outage; nil while Redis is down.
    private func connectionForJob() -> RedisClient? {
        guard !availability.isDown else { return nil }
        if let connection, connectionEpoch == availability.epoch { return connection }
        return reconnect()
    }

    /// Reconnects when Redis is up, or when it is down and this thread is admitted to retry it.
    private func retryIfAdmitted() {
        let usable = connection != nil && connectionEpoch == availability.epoch && !availability.isDown
        guard !usable, availability.admitRetry(at: .now()) else { return }
        _ = reconnect()
    }

    /// Opens a new connection (or cluster client) and proves it with PING, to every master of a
    /// cluster; reports the outcome to `availability`.
    private func reconnect() -> RedisClient? {
        connection = nil
        let epoch = availability.epoch
        do throws(RedisError) {
            let made = try RedisClient(
                url: configuration.url, connectTimeout: configuration.connectTimeout,
                commandTimeout: configuration.commandTimeout)
            try made.ping()
            connection = made
            connectionEpoch = epoch
            availability.recordSuccess(epoch: epoch)
            return made
        } catch {
            count(error.metricKind)
            availability.recordFailure(error, epoch: epoch)
            return nil
        }
    }

    /// Counts `error`; unless it was an error reply, drops the connection and reports Redis down.
    private func failed(_ error: RedisError) {
        count(error.metricKind)
        guard error.breaksConnection else { return }
        connection = nil
        availability.recordFailure(error, epoch: connectionEpoch)
    }

    /// How long to wait for a job: forever with a usable connection, otherwise until a retry may be due.
    private func idleWait() -> Duration? {
        if connection != nil, connectionEpoch == availability.epoch, !availability.isDown { return nil }
        return min(configuration.initialBackoff, .milliseconds(250))
    }

    private func count(_ kind: String) {
        metrics.redisError(kind: kind)
    }
}
