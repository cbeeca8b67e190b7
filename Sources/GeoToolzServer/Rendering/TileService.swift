import GeoToolz
import GeoToolzCache
import GeoToolzIO
import NIOCore

/// Where a tile's bytes came from.
public enum TileSource: String, Sendable {
    case memory
    case redis
    case miss
}

/// A tile ready to send.
public struct TileResult: Sendable {
    public let tile: CachedTile
    public let source: TileSource
    /// The render's stage timings, when this request rendered it.
    public let rendered: RenderedTile?
}

/// Why a tile could not be produced.
public enum TileFailure: Error, Sendable {
    /// The render queue is full.
    case overloaded
    /// The render failed with this error.
    case renderFailed(any Error)
    /// The render ran past its time budget (given) and was abandoned.
    case overBudget(Duration)

    /// A failure told two ways: `summary` in a client's terms (no server paths, no library
    /// messages), `cause` in full for the log.
    struct Explained {
        let summary: String
        let cause: String
    }

    /// Explains a render's failure.
    static func classify(_ error: any Error) -> Explained {
        let underlying: any Error
        if case TileFailure.renderFailed(let inner) = error { underlying = inner } else { underlying = error }
        let summary: String
        switch underlying {
        case is GDALError: summary = "the layer's source could not be read"
        case let failure as OperatorError:
            summary = "the pipeline stopped in \(failure.operatorName): \(failure.message)"
        case is PNGError: summary = "the tile could not be encoded"
        default: summary = "the tile could not be rendered"
        }
        return Explained(summary: summary, cause: String(describing: underlying))
    }
}

/// Finds a tile in the caches or renders it: memory, then Redis, then a render that fills both.
///
/// Concurrent requests for the same missing tile share one Redis lookup and one render. A Redis
/// that is down, slow or broken only ever turns into a miss, so the cache never makes the
/// server less available than it would be without it.
///
/// Each render runs under a time budget (see `RenderDeadline`) that starts when a render thread
/// takes it up: time spent queued is bounded by the queue's capacity instead, and a tile's budget
/// is then the same however busy the server is. Past the budget, operators and GDAL reads stop at
/// their next check and the waiters get `TileFailure.overBudget`; a render stuck in code that
/// does not check is answered the same by a timer at the budget plus `answerGrace`, while its
/// thread finishes in the background and its result is dropped.
public final class TileService: Sendable {
    /// The render threads, shared with the other renders (`QueryRunner`).
    let pool: RenderPool
    private let memory: MemoryTileCache?
    private let redis: RedisTileCache?
    private let flights = SingleFlight<TileKey, TileResult>()
    private let metrics: ServerMetrics
    /// The longest a render may take.
    let renderBudget: Duration

    /// How long past the budget the timer waits before answering for a render that has not
    /// stopped: long enough that a render whose checks stop it answers first (with its own,
    /// more precise outcome), short enough that a client is never kept much past the budget.
    static let answerGrace = Duration.milliseconds(50)

    public init(
        pool: RenderPool, memory: MemoryTileCache?, redis: RedisTileCache?, metrics: ServerMetrics,
        renderBudget: Duration = ServerConfiguration().renderBudget
    ) {
        self.pool = pool
        self.memory = memory
        self.redis = redis
        self.metrics = metrics
        self.renderBudget = renderBudget
    }

    /// The tile's bytes in `format`, completing on `eventLoop`.
    public func tile(_ tile: GridTile, scale: Int, format: TileFormat, of layer: Layer, on eventLoop: any EventLoop)
        -> EventLoopFuture<TileResult>
    {
        let key = TileRender.key(tile, scale: scale, format: format, of: layer)
        if let memory {
            if let hit = memory.get(key) {
                metrics.cacheLookup(level: "memory", hit: true)
                return eventLoop.makeSucceededFuture(TileResult(tile: hit, source: .memory, rendered: nil))
            }
            metrics.cacheLookup(level: "memory", hit: false)
        }
        return flights.run(key, on: eventLoop, refusal: TileFailure.overloaded) { complete in
            guard let redis else { return startRender(layer, tile, scale, key, eventLoop, complete) }
            redis.get(key, on: eventLoop).whenSuccess { lookup in
                if case .hit(let tile) = lookup {
                    self.memory?.put(key, tile)
                    complete(.success(TileResult(tile: tile, source: .redis, rendered: nil)))
                } else if !self.startRender(layer, tile, scale, key, eventLoop, complete) {
                    complete(.failure(TileFailure.overloaded))
                }
            }
            return true
        }
    }

    /// Queues a render; false when the queue is full.
    private func startRender(
        _ layer: Layer, _ tile: GridTile, _ scale: Int, _ key: TileKey, _ eventLoop: any EventLoop,
        _ complete: @escaping @Sendable (Result<TileResult, any Error>) -> Void
    ) -> Bool {
        let accepted = pool.submit { [self] in
            render(layer, tile, scale, key: key, answer: RenderAnswer(complete), timerOn: eventLoop)
        }
        if !accepted { metrics.renderRejected() }
        metrics.renderPool(queueDepth: pool.queueDepth, inFlight: pool.busyThreads)
        return accepted
    }

    /// Runs on a render thread, under the budget from now; fills both cache levels when the
    /// tile is delivered.
    private func render(
        _ layer: Layer, _ tile: GridTile, _ scale: Int, key: TileKey, answer: RenderAnswer<TileResult>,
        timerOn eventLoop: any EventLoop
    ) {
        let budget = renderBudget
        let deadline = RenderDeadline.after(budget)
        // Answers for a render that does not stop: nothing checks inside a single GDAL call
        // or the PNG encoder, and operators built in code may never check.
        let timer = eventLoop.scheduleTask(in: .nanoseconds((deadline.remaining + Self.answerGrace).nanoseconds)) {
            [metrics] in
            answer.give {
                metrics.renderTimeout(layer: layer.name)
                return .failure(TileFailure.overBudget(budget))
            }
        }
        defer { timer.cancel() }
        do {
            let made = try deadline.run { try TileRender(tile, scale: scale, format: key.tile.format, of: layer) }
            metrics.renderStage("read", made.rendered.timings.read)
            metrics.renderStage("operators", made.rendered.timings.operators)
            metrics.renderStage("encode", made.rendered.timings.encode)
            answer.give {
                memory?.put(key, made.value)
                redis?.set(key, made.value, ttl: made.ttl)
                return .success(TileResult(tile: made.value, source: .miss, rendered: made.rendered))
            }
        } catch is RenderDeadlineExceeded {
            answer.give {
                metrics.renderTimeout(layer: layer.name)
                return .failure(TileFailure.overBudget(budget))
            }
        } catch {
            answer.give {
                metrics.renderFailure(layer: layer.name)
                return .failure(TileFailure.renderFailed(error))
            }
        }
    }
}
