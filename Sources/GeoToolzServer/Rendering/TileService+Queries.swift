import Atomics
import GeoToolz
import GeoToolzIO
import NIOCore

extension TileService {
    /// Runs `body` (a query that reads through GDAL handles: a point's values, a layer's
    /// description) on a render thread, under the same budget and queue as a tile's render: a
    /// full queue fails with `TileFailure.overloaded`, a run past the budget with
    /// `TileFailure.overBudget`, and anything `body` throws as `TileFailure.renderFailed`.
    ///
    /// Nothing is cached or shared between requests: a query reads a pixel or a description,
    /// which costs less than looking it up would.
    func query<Value: Sendable>(on eventLoop: any EventLoop, _ body: @escaping @Sendable () throws -> Value)
        -> EventLoopFuture<Value>
    {
        let promise = eventLoop.makePromise(of: Value.self)
        let answered = ManagedAtomic(false)
        // The first of the query's own outcome and the budget's timer answers; the other is dropped.
        let answer: @Sendable (Result<Value, any Error>) -> Void = { result in
            guard answered.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
            else { return }
            promise.completeWith(result)
        }
        let budget = renderBudget
        let accepted = pool.submit {
            let deadline = RenderDeadline.after(budget)
            let timer = eventLoop.scheduleTask(in: .nanoseconds((deadline.remaining + Self.answerGrace).nanoseconds)) {
                answer(.failure(TileFailure.overBudget(budget)))
            }
            defer { timer.cancel() }
            do {
                let value = try deadline.run { try body() }
                answer(.success(value))
            } catch is RenderDeadlineExceeded {
                answer(.failure(TileFailure.overBudget(budget)))
            } catch {
                // A GDAL read failing once the deadline passed is over budget, as for tiles.
                answer(.failure(deadline.hasPassed ? TileFailure.overBudget(budget) : TileFailure.renderFailed(error)))
            }
        }
        if !accepted { answer(.failure(TileFailure.overloaded)) }
        return promise.futureResult
    }
}
