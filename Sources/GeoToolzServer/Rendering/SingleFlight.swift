import NIOConcurrencyHelpers
import NIOCore

/// Runs one piece of work per key at a time and shares its result with every caller that asked
/// while it ran: concurrent requests for the same uncached tile render it once.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let waiting = NIOLockedValueBox<[Key: [EventLoopPromise<Value>]]>([:])

    public init() {}

    /// The result of the work for `key`, on `eventLoop`.
    ///
    /// When no work for `key` is under way, `start` is called with a completion to call exactly
    /// once; it returns false when it could not start the work, which then fails with `refusal`.
    /// Otherwise the caller joins the work already under way.
    public func run(
        _ key: Key, on eventLoop: any EventLoop, refusal: any Error,
        start: (@escaping @Sendable (Result<Value, any Error>) -> Void) -> Bool
    ) -> EventLoopFuture<Value> {
        let promise = eventLoop.makePromise(of: Value.self)
        let leads = waiting.withLockedValue { table -> Bool in
            if table[key] != nil {
                table[key]!.append(promise)
                return false
            }
            table[key] = [promise]
            return true
        }
        guard leads else { return promise.futureResult }
        let started = start { result in self.finish(key, with: result) }
        if !started { finish(key, with: .failure(refusal)) }
        return promise.futureResult
    }

    /// Keys with work under way.
    public var inFlight: Int { waiting.withLockedValue { $0.count } }

    private func finish(_ key: Key, with result: Result<Value, any Error>) {
        let promises = waiting.withLockedValue { $0.removeValue(forKey: key) } ?? []
        for promise in promises { promise.completeWith(result) }
    }
}
