import Foundation
import GeoToolzIO
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import GeoToolzSeed

/// A warmer that only records what it was asked, failing the tiles `fails` picks.
final class RecordingWarmer: TileWarmer {
    let warmed = NIOLockedValueBox<[String]>([])
    let fails: @Sendable (TilePlan.Item) -> Bool

    init(fails: @escaping @Sendable (TilePlan.Item) -> Bool = { _ in false }) {
        self.fails = fails
    }

    func makeWorker() -> any TileWarmingWorker { Worker(self) }

    private final class Worker: TileWarmingWorker {
        let owner: RecordingWarmer
        init(_ owner: RecordingWarmer) { self.owner = owner }
        func warm(_ item: TilePlan.Item, of layer: LayerExtent, turn: RenderTurn) -> TileOutcome {
            guard turn.take() else { return .notStarted }
            owner.warmed.withLockedValue { $0.append("\(layer.name)/\(item.tile)") }
            return owner.fails(item) ? .failed("broken on purpose") : .rendered(bytes: 100)
        }
    }
}

@Suite struct PrewarmJobTests {
    let plan = TilePlan(layers: [PrewarmPlanTests.extent("a"), PrewarmPlanTests.extent("b")], zooms: 6...10)

    var allTiles: [String] {
        (0..<plan.count).map { plan.item(at: $0) }.map { "\(plan.layers[$0.layer].name)/\($0.tile)" }
    }

    @Test func everyTileIsWarmedOnceAndCounted() {
        let warmer = RecordingWarmer()
        let summary = PrewarmJob(plan: plan, warmer: warmer, concurrency: 4, maxFailures: 0).run()
        #expect(summary.ending == .finished)
        #expect(summary.progress.total == plan.count && summary.progress.done == plan.count)
        #expect(summary.progress.rendered == plan.count && summary.progress.bytes == 100 * plan.count)
        #expect(warmer.warmed.withLockedValue { $0 }.sorted() == allTiles.sorted())
    }

    @Test func shardsTogetherWarmEveryTileExactlyOnce() throws {
        let warmer = RecordingWarmer()
        var totals = 0
        for number in 1...3 {
            let shard = try Shard(number: number, count: 3)
            let summary = PrewarmJob(plan: plan, warmer: warmer, shard: shard, concurrency: 3, maxFailures: 0).run()
            #expect(summary.progress.total == shard.members(below: plan.count))
            totals += summary.progress.rendered
        }
        #expect(totals == plan.count)
        #expect(warmer.warmed.withLockedValue { $0 }.sorted() == allTiles.sorted())
    }

    @Test func failuresPastTheLimitStopTheRun() {
        let warmer = RecordingWarmer { _ in true }
        let failures = NIOLockedValueBox(0)
        let summary = PrewarmJob(
            plan: plan, warmer: warmer, concurrency: 1, maxFailures: 5,
            onFailure: { _, message in
                #expect(message == "broken on purpose")
                failures.withLockedValue { $0 += 1 }
            }
        ).run()
        #expect(summary.ending == .tooManyFailures(limit: 5))
        #expect(summary.progress.failed == 6 && failures.withLockedValue { $0 } == 6)
        #expect(warmer.warmed.withLockedValue { $0.count } == 6)

        // With threads, those already under way finish: a few more, never many.
        let parallel = PrewarmJob(plan: plan, warmer: RecordingWarmer { _ in true }, concurrency: 4, maxFailures: 5)
            .run()
        #expect(parallel.ending == .tooManyFailures(limit: 5))
        #expect((6...9).contains(parallel.progress.failed))
    }

    @Test func failuresWithinTheLimitAreCountedAndTheRunGoesOn() {
        let summary = PrewarmJob(
            plan: plan, warmer: RecordingWarmer { $0.index % 10 == 0 }, concurrency: 2, maxFailures: 1000
        ).run()
        let failing = (0..<plan.count).filter { $0 % 10 == 0 }.count
        #expect(summary.ending == .finished)
        #expect(summary.progress.failed == failing)
        #expect(summary.progress.rendered == plan.count - failing)
    }

    @Test func aResumedRunWarmsOnlyWhatTheFirstDidNotFinish() throws {
        let path = try temporaryDirectory("resume") + "/run.log"
        // The first run dies at the tile 40 (one thread, no failure allowed): 40 tiles finished.
        let first = RecordingWarmer { $0.index == 40 }
        let stopped = PrewarmJob(
            plan: plan, warmer: first, concurrency: 1, maxFailures: 0,
            resumeLog: try ResumeLog(path: path, plan: plan, scale: 1)
        ).run()
        #expect(stopped.ending == .tooManyFailures(limit: 0))
        #expect(stopped.progress.rendered == 40)

        let second = RecordingWarmer()
        let log = try ResumeLog(path: path, plan: plan, scale: 1)
        #expect(log.recordedCount == 40)
        let resumed = PrewarmJob(plan: plan, warmer: second, concurrency: 3, maxFailures: 0, resumeLog: log).run()
        #expect(resumed.ending == .finished)
        #expect(resumed.progress.resumed == 40 && resumed.progress.rendered == plan.count - 40)
        let firstDone = first.warmed.withLockedValue { $0 }.dropLast()
        let union = firstDone + second.warmed.withLockedValue { $0 }
        #expect(union.sorted() == allTiles.sorted())
        #expect(try ResumeLog(path: path, plan: plan, scale: 1).recordedCount == plan.count)
    }

    @Test func stopFinishesTheTilesUnderWayAndEnds() {
        let job = NIOLockedValueBox<PrewarmJob?>(nil)
        let warmer = RecordingWarmer { item in
            if item.index == 10 { job.withLockedValue { $0 }?.stop() }
            return false
        }
        let made = PrewarmJob(plan: plan, warmer: warmer, concurrency: 1, maxFailures: 0)
        job.withLockedValue { $0 = made }
        let summary = made.run()
        #expect(summary.ending == .stopped)
        #expect(summary.progress.rendered == 11)
    }

    @Test func progressTextFitsAndSays() {
        var progress = PrewarmProgress()
        progress.total = 5678
        progress.rendered = 1200
        progress.cached = 30
        progress.outside = 4
        progress.failed = 2
        progress.bytes = 12_345_678
        progress.elapsed = .seconds(8)
        #expect(progress.done == 1236 && progress.skipped == 34)
        #expect(
            ProgressReporter.plainLine(progress)
                == "prewarm 1236/5678 (21.8%), 154.5 tiles/s, ETA 0:29; rendered 1200, skipped 34, failed 2")
        #expect(
            ProgressReporter.summaryLine(progress)
                == "rendered 1200, skipped 34 (cached 30, outside 4, resumed 0), failed 2, 12.3 MB, 8.0 s, "
                + "154.5 tiles/s")
        for width in [20, 60, 80, 200] {
            let bar = ProgressReporter.barLine(progress, width: width)
            #expect(bar.count < width)
        }
        #expect(ProgressReporter.barLine(progress, width: 100).hasPrefix("[########."))
        #expect(ProgressReporter.barLine(progress, width: 100).hasSuffix("ETA 0:29  errors 2"))
        #expect(ProgressReporter.clock(.seconds(3725)) == "1:02:05")
    }
}
