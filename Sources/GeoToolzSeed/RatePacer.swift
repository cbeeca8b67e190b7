import Foundation
import GeoToolz
import NIOConcurrencyHelpers

/// Spaces the renders of a seeding run over all its threads so they start at most `rate` a
/// second (`--max-rate`): a token bucket holding one token, refilled every 1/`rate` seconds.
///
/// Each caller reserves the next free start time under a lock and sleeps until it, so waiting
/// threads start in turn and the rate holds however many threads there are. A bucket of one
/// token allows no burst: a run of N tiles takes (N − 1)/`rate` seconds at least, and the rate
/// over any stretch of the run stays at or under `rate`.
public final class RatePacer: Sendable {
    /// Starts per second allowed.
    public let rate: Double
    private let interval: Duration
    private let nextStart = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    public init(rate: Double) {
        precondition(rate > 0 && rate.isFinite, "a rate is a positive number of tiles per second")
        self.rate = rate
        self.interval = .nanoseconds(Int64((1e9 / rate).rounded()))
    }

    /// Blocks the calling thread until it may start one more render, or `deadline` comes first;
    /// false when the deadline came first (nothing is reserved then).
    @discardableResult
    public func waitForTurn(until deadline: ContinuousClock.Instant? = nil) -> Bool {
        let now = ContinuousClock.now
        let start: ContinuousClock.Instant? = nextStart.withLockedValue { next in
            let start = max(next ?? now, now)
            if let deadline, start > deadline { return nil }
            next = start + interval
            return start
        }
        guard let start else { return false }
        let wait = start - now
        if wait > .zero { Thread.sleep(forTimeInterval: wait.seconds) }
        return true
    }
}
