import Atomics
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Whether Redis may be used now, shared by the cache's threads; logs each change of state once.
///
/// After a failure Redis is "down": nothing touches the network until a backoff deadline, then one
/// thread retries (connect and PING) while the others keep answering without Redis. A success ends
/// the outage; a failure doubles the wait, up to a maximum.
///
/// Each outage starts a new epoch. A connection opened in an earlier epoch may point at a dead
/// socket or a restarted server, so it is replaced before use; and results of work started in an
/// earlier epoch are ignored, so two threads failing at once count as one outage, not two.
final class RedisAvailability: Sendable {
    private enum Phase {
        case connecting
        case up
        case down
    }

    private struct State {
        var phase = Phase.connecting
        var reason = "not connected yet"
        var delay: Duration
        var retrying = false
        /// Why the latest lookup failed although Redis answered; nil after one that worked.
        var lookupFailure: String?
    }

    private let state: NIOLockedValueBox<State>
    /// While down, the uptime in nanoseconds before which nothing may try Redis; 0 while not down.
    /// Read without a lock by every lookup.
    private let restingUntil = ManagedAtomic<UInt64>(0)
    private let outages = ManagedAtomic<Int>(0)
    /// Whether the latest lookup failed; read without a lock so working lookups cost no lock.
    private let lookupsFailing = ManagedAtomic(false)
    private let backoff: RedisBackoff
    private let logger: Logger
    private let url: String

    init(backoff: RedisBackoff, logger: Logger, url: String) {
        self.backoff = backoff
        self.logger = logger
        self.url = url
        state = NIOLockedValueBox(State(delay: backoff.initial))
    }

    /// The current epoch: the number of outages so far.
    var epoch: Int { outages.load(ordering: .acquiring) }

    /// Whether Redis must not be touched at `now`: it is down and no retry is due.
    func isResting(at now: NIODeadline) -> Bool {
        let until = restingUntil.load(ordering: .relaxed)
        return until != 0 && now.uptimeNanoseconds < until
    }

    /// Whether Redis is down (resting or being retried).
    var isDown: Bool { restingUntil.load(ordering: .relaxed) != 0 }

    /// While down with a retry due, admits exactly one caller to retry; it must then report
    /// `recordSuccess` or `recordFailure`. Always true while not down.
    func admitRetry(at now: NIODeadline) -> Bool {
        state.withLockedValue { state in
            guard state.phase == .down else { return true }
            guard !state.retrying, now.uptimeNanoseconds >= restingUntil.load(ordering: .relaxed) else { return false }
            state.retrying = true
            // Others keep answering without Redis until this retry reports.
            restingUntil.store(UInt64.max, ordering: .relaxed)
            return true
        }
    }

    /// Redis answered on a connection opened in `epoch`.
    func recordSuccess(epoch: Int) {
        // Logged outside the lock, so a slow log handler never holds up the other threads.
        let previous: Phase? = state.withLockedValue { state in
            guard epoch == outages.load(ordering: .relaxed), state.phase != .up else { return nil }
            let previous = state.phase
            state.phase = .up
            state.retrying = false
            state.delay = backoff.initial
            state.reason = ""
            restingUntil.store(0, ordering: .relaxed)
            return previous
        }
        switch previous {
        case .down: logger.notice("redis reachable again", metadata: ["url": "\(url)"])
        case .connecting: logger.info("redis connected", metadata: ["url": "\(url)"])
        case .up, nil: break
        }
    }

    /// Redis failed on a connection opened (or being opened) in `epoch`.
    func recordFailure(_ error: RedisError, epoch: Int) {
        let wentDown = state.withLockedValue { state in
            guard epoch == outages.load(ordering: .relaxed) else { return false }
            let now = NIODeadline.now().uptimeNanoseconds
            state.reason = error.description
            let wasDown = state.phase == .down
            if wasDown {
                state.retrying = false
                state.delay = backoff.next(after: state.delay)
            } else {
                state.phase = .down
                state.delay = backoff.initial
                outages.wrappingIncrement(ordering: .releasing)
            }
            restingUntil.store(now + UInt64(max(backoff.jitteredNanoseconds(state.delay), 1)), ordering: .relaxed)
            return !wasDown
        }
        if wentDown {
            logger.warning(
                "redis unreachable; serving tiles without it", metadata: ["url": "\(url)", "reason": "\(error)"])
        }
    }

    /// A lookup's outcome on a connection that works: a Redis that answers PING but refuses
    /// GET (out of memory, wrong type, a proxy in a bad state) is reported degraded until a
    /// lookup works again.
    func recordLookup(failure: String?) {
        if failure == nil && !lookupsFailing.load(ordering: .relaxed) { return }
        let changed = state.withLockedValue { state in
            let wasFailing = state.lookupFailure != nil
            state.lookupFailure = failure
            lookupsFailing.store(failure != nil, ordering: .relaxed)
            return wasFailing != (failure != nil)
        }
        guard changed else { return }
        if let failure {
            logger.warning(
                "redis lookups fail; serving tiles without it", metadata: ["url": "\(url)", "reason": "\(failure)"])
        } else {
            logger.notice("redis lookups work again", metadata: ["url": "\(url)"])
        }
    }

    /// `.ok` while up and lookups work, otherwise `.degraded` with the reason.
    var health: RedisHealth {
        state.withLockedValue { state in
            guard state.phase == .up else { return .degraded(state.reason) }
            return state.lookupFailure.map { .degraded("lookups fail: \($0)") } ?? .ok
        }
    }
}
