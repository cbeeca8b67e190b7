import Atomics
import Foundation
import NIOConcurrencyHelpers

/// How a seeding run ended.
public enum PrewarmEnding: Sendable, Equatable {
    /// Every tile was dealt with (some may have failed, no more than allowed).
    case finished
    /// More tiles failed than `limit`; the run stopped early.
    case tooManyFailures(limit: Int)
    /// `stop()` was called (e.g. on SIGINT); tiles under way were finished first.
    case stopped
    /// The resume log could not be written; the run stopped, as it could not be resumed.
    case resumeLogFailed(String)
    /// The run's time (`--duration`) was up: tiles under way were finished, no new ones started.
    case timeUp
}

/// A finished seeding run: its counters and how it ended.
public struct PrewarmSummary: Sendable, Equatable {
    public let progress: PrewarmProgress
    public let ending: PrewarmEnding
}

/// A seeding run: threads taking the tiles of a plan (of one shard of it) in order and warming
/// each — skipping those a resume log records as done — until all are dealt with, too many
/// fail, or it is stopped.
///
/// A failed tile is reported and the run goes on; more than `maxFailures` failures stop it, so
/// a broken source costs seconds, not hours. Renders start at the pace of `pacer` (over all
/// threads), and none starts after `deadline`.
public final class PrewarmJob: Sendable {
    public let plan: TilePlan
    public let shard: Shard
    public let concurrency: Int
    /// Failures tolerated; one more stops the run. Nil tolerates any number.
    public let maxFailures: Int?
    private let warmer: any TileWarmer
    private let resumeLog: ResumeLog?
    private let onFailure: (@Sendable (TilePlan.Item, String) -> Void)?
    private let total: Int
    private let pacer: RatePacer?
    private let duration: Duration?

    private let next = ManagedAtomic(0)
    private let rendered = ManagedAtomic(0)
    private let refreshed = ManagedAtomic(0)
    private let uncached = ManagedAtomic(0)
    private let cached = ManagedAtomic(0)
    private let outside = ManagedAtomic(0)
    private let resumed = ManagedAtomic(0)
    private let failed = ManagedAtomic(0)
    private let bytes = ManagedAtomic(0)
    private let stopping = ManagedAtomic(false)
    private let clock = NIOLockedValueBox<(started: ContinuousClock.Instant?, ended: ContinuousClock.Instant?)>(
        (nil, nil))
    private let ending = NIOLockedValueBox<PrewarmEnding?>(nil)

    /// A run over `shard` of `plan` with `concurrency` threads, starting renders at the pace of
    /// `pacer` for at most `duration`; `onFailure` hears of each failed tile, on the thread that
    /// tried it.
    public init(
        plan: TilePlan, warmer: any TileWarmer, shard: Shard = .all, concurrency: Int, maxFailures: Int?,
        resumeLog: ResumeLog? = nil, pacer: RatePacer? = nil, duration: Duration? = nil,
        onFailure: (@Sendable (TilePlan.Item, String) -> Void)? = nil
    ) {
        self.pacer = pacer
        self.duration = duration
        self.plan = plan
        self.warmer = warmer
        self.shard = shard
        self.concurrency = max(1, concurrency)
        self.maxFailures = maxFailures
        self.resumeLog = resumeLog
        self.onFailure = onFailure
        total = shard.members(below: plan.count)
    }

    /// The counters now; safe to call from any thread while the run goes.
    public var progress: PrewarmProgress {
        var progress = PrewarmProgress()
        progress.total = total
        progress.rendered = rendered.load(ordering: .relaxed)
        progress.refreshed = refreshed.load(ordering: .relaxed)
        progress.uncached = uncached.load(ordering: .relaxed)
        progress.cached = cached.load(ordering: .relaxed)
        progress.outside = outside.load(ordering: .relaxed)
        progress.resumed = resumed.load(ordering: .relaxed)
        progress.failed = failed.load(ordering: .relaxed)
        progress.bytes = bytes.load(ordering: .relaxed)
        let (started, ended) = clock.withLockedValue { $0 }
        if let started { progress.elapsed = (ended ?? .now) - started }
        return progress
    }

    /// Runs to the end; blocks the calling thread. Call once.
    public func run() -> PrewarmSummary {
        let started = ContinuousClock.now
        clock.withLockedValue { $0.started = started }
        let turn = RenderTurn(pacer: pacer, deadline: duration.map { started + $0 })
        let finished = DispatchGroup()
        for index in 0..<concurrency {
            finished.enter()
            let thread = Thread { [self] in
                work(warmer.makeWorker(), turn: turn)
                finished.leave()
            }
            thread.name = "geotoolz-prewarm-\(index)"
            // Renders run deep operator stacks; match the server's render threads.
            thread.stackSize = 8 << 20
            thread.start()
        }
        finished.wait()
        if let resumeLog {
            do { try resumeLog.close() } catch { end(.resumeLogFailed(error.message)) }
        }
        clock.withLockedValue { $0.ended = .now }
        return PrewarmSummary(progress: progress, ending: ending.withLockedValue { $0 } ?? .finished)
    }

    /// Asks the run to stop: tiles under way finish, no new ones start.
    public func stop() {
        end(.stopped)
    }

    private func end(_ reason: PrewarmEnding) {
        ending.withLockedValue { ending in
            if ending == nil { ending = reason }
        }
        stopping.store(true, ordering: .relaxed)
    }

    private func work(_ worker: any TileWarmingWorker, turn: RenderTurn) {
        while !stopping.load(ordering: .relaxed) {
            let member = next.loadThenWrappingIncrement(ordering: .relaxed)
            guard member < total else { return }
            let index = shard.planIndex(ofMember: member)
            if let resumeLog, resumeLog.contains(index) {
                resumed.wrappingIncrement(ordering: .relaxed)
                continue
            }
            let item = plan.item(at: index)
            let layer = plan.layers[item.layer]
            if let deadline = turn.deadline, ContinuousClock.now >= deadline {
                end(.timeUp)
                return
            }
            let outcome = worker.warm(item, of: layer, turn: turn)
            switch outcome {
            case .rendered(let size):
                bytes.wrappingIncrement(by: size, ordering: .relaxed)
                rendered.wrappingIncrement(ordering: .relaxed)
            case .refreshed(let size):
                bytes.wrappingIncrement(by: size, ordering: .relaxed)
                rendered.wrappingIncrement(ordering: .relaxed)
                refreshed.wrappingIncrement(ordering: .relaxed)
            case .notStarted:
                end(.timeUp)
                return
            case .uncached: uncached.wrappingIncrement(ordering: .relaxed)
            case .cached: cached.wrappingIncrement(ordering: .relaxed)
            case .outside: outside.wrappingIncrement(ordering: .relaxed)
            case .failed(let message):
                let count = failed.wrappingIncrementThenLoad(ordering: .relaxed)
                onFailure?(item, message)
                if let maxFailures, count > maxFailures { end(.tooManyFailures(limit: maxFailures)) }
                continue
            }
            do {
                try resumeLog?.record(layer: layer.name, tile: item.tile)
            } catch {
                end(.resumeLogFailed(error.message))
            }
        }
    }
}
