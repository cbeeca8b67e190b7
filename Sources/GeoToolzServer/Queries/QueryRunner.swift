import GeoToolz
import NIOCore

/// Runs a query's reading and computing on the render threads, as tiles render: behind the same
/// bounded queue (a full queue refuses at once) and under the same time budget, counted from the
/// moment a render thread takes the job up.
struct QueryRunner: Sendable {
    let pool: RenderPool
    let metrics: ServerMetrics
    let budget: Duration

    /// Why a query gave no result.
    enum Failure: Error {
        /// The render queue is full.
        case overloaded
        /// The work ran past the budget (given) and was abandoned.
        case overBudget(Duration)
    }

    /// `job`'s result, completing on `eventLoop`. Past the budget the job's checks stop it, or a
    /// timer answers for it `TileService.answerGrace` later, as for tiles; its result is then dropped.
    func run<Value: Sendable>(
        layer: String, on eventLoop: any EventLoop, _ job: @escaping @Sendable () throws -> Value
    ) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let answer = RenderAnswer<Value> { promise.completeWith($0) }
        let accepted = pool.submit { [budget, metrics] in
            let deadline = RenderDeadline.after(budget)
            let timer = eventLoop.scheduleTask(
                in: .nanoseconds((deadline.remaining + TileService.answerGrace).nanoseconds)
            ) {
                answer.give {
                    metrics.renderTimeout(layer: layer)
                    return .failure(Failure.overBudget(budget))
                }
            }
            defer { timer.cancel() }
            do {
                let value = try deadline.run { try job() }
                answer.give { .success(value) }
            } catch is RenderDeadlineExceeded {
                answer.give {
                    metrics.renderTimeout(layer: layer)
                    return .failure(Failure.overBudget(budget))
                }
            } catch {
                answer.give {
                    metrics.renderFailure(layer: layer)
                    return .failure(error)
                }
            }
        }
        metrics.renderPool(queueDepth: pool.queueDepth, inFlight: pool.busyThreads)
        if !accepted {
            metrics.renderRejected()
            promise.fail(Failure.overloaded)
        }
        return promise.futureResult
    }
}
