import Foundation
import GeoToolzIO
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import GeoToolzSeed

/// Runs split by a scheduler, paced, and bounded in time.
@Suite struct PrewarmScheduleTests {
    let plan = TilePlan(layers: [PrewarmPlanTests.extent("a"), PrewarmPlanTests.extent("b")], zooms: 6...10)

    /// Every task of an array of `count`, as its scheduler numbers them.
    static func tasks(_ variable: String, count: Int) -> [[String: String]] {
        switch variable {
        case "JOB_COMPLETION_INDEX": return (0..<count).map { ["JOB_COMPLETION_INDEX": "\($0)"] }
        case "AWS_BATCH_JOB_ARRAY_INDEX": return (0..<count).map { ["AWS_BATCH_JOB_ARRAY_INDEX": "\($0)"] }
        case "SLURM from 1": return (1...count).map { ["SLURM_ARRAY_TASK_ID": "\($0)", "SLURM_ARRAY_TASK_MIN": "1"] }
        default:  // Slurm's --array=10-30:4 style, with the count Slurm exports.
            return (0..<count).map {
                [
                    "SLURM_ARRAY_TASK_ID": "\(10 + 4 * $0)", "SLURM_ARRAY_TASK_MIN": "10", "SLURM_ARRAY_TASK_STEP": "4",
                    "SLURM_ARRAY_TASK_COUNT": "\(count)",
                ]
            }
        }
    }

    @Test(arguments: ["JOB_COMPLETION_INDEX", "AWS_BATCH_JOB_ARRAY_INDEX", "SLURM from 1", "SLURM stepped"])
    func autoShardsFromEachSchedulerCoverThePlanOnce(_ variable: String) throws {
        let count = 5
        var owner = [Int?](repeating: nil, count: plan.count)
        var numbers = Set<Int>()
        for environment in Self.tasks(variable, count: count) {
            let shard = try Shard(parsing: "auto/\(count)", environment: environment)
            #expect(shard.count == count)
            numbers.insert(shard.number)
            for member in 0..<shard.members(below: plan.count) {
                let index = shard.planIndex(ofMember: member)
                #expect(owner[index] == nil, "tile \(index) taken twice")
                owner[index] = shard.number
            }
        }
        #expect(numbers == Set(1...count))
        #expect(owner.allSatisfy { $0 != nil })
        let sizes = Dictionary(grouping: owner.compactMap { $0 }, by: { $0 }).values.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
    }

    @Test func autoShardsRefuseWhatCannotWork() {
        func message(_ text: String, _ environment: [String: String]) -> String {
            do {
                _ = try Shard(parsing: text, environment: environment)
                return ""
            } catch { return error.message }
        }
        #expect(message("auto/4", [:]).contains("JOB_COMPLETION_INDEX, SLURM_ARRAY_TASK_ID, AWS_BATCH_JOB_ARRAY_INDEX"))
        #expect(message("auto/4", ["JOB_COMPLETION_INDEX": "4"]).contains("number 5"))
        #expect(message("auto/4", ["JOB_COMPLETION_INDEX": "x"]).contains("JOB_COMPLETION_INDEX='x'"))
        #expect(
            message("auto/4", ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "3"])
                .contains("SLURM_ARRAY_TASK_COUNT=3"))
        #expect(message("auto/0", ["JOB_COMPLETION_INDEX": "0"]).contains("auto/N"))
        #expect(message("2/3", [:]).isEmpty)
    }

    @Test func theFingerprintFollowsThePlan() {
        let same = TilePlan(layers: [PrewarmPlanTests.extent("a"), PrewarmPlanTests.extent("b")], zooms: 6...10)
        #expect(plan.fingerprint == same.fingerprint && plan.fingerprint.count == 16)
        let fewer = TilePlan(layers: [PrewarmPlanTests.extent("a"), PrewarmPlanTests.extent("b")], zooms: 6...9)
        let changed = TilePlan(
            layers: [
                PrewarmPlanTests.extent("a"),
                LayerExtent(name: "b", zooms: 0...24, bounds: plan.layers[1].bounds, identity: "other"),
            ],
            zooms: 6...10)
        #expect(Set([plan.fingerprint, fewer.fingerprint, changed.fingerprint]).count == 3)
    }

    @Test func maxRateHoldsOverAllThreads() {
        let rate = 40.0
        let starts = NIOLockedValueBox<[ContinuousClock.Instant]>([])
        let warmer = RecordingWarmer { _ in
            starts.withLockedValue { $0.append(.now) }
            return false
        }
        let small = TilePlan(layers: [PrewarmPlanTests.extent("a")], zooms: 10...11)
        try! #require(small.count >= 60)
        let shard = try! Shard(number: 1, count: max(1, small.count / 60))
        let summary = PrewarmJob(
            plan: small, warmer: warmer, shard: shard, concurrency: 4, maxFailures: 0, pacer: RatePacer(rate: rate)
        ).run()
        #expect(summary.ending == .finished)
        let times = starts.withLockedValue { $0 }.sorted()
        let span = (times.last! - times.first!).seconds
        let measured = Double(times.count - 1) / span
        #expect(measured <= rate * 1.1 && measured >= rate * 0.9, "\(times.count) tiles in \(span) s: \(measured)/s")
    }

    @Test func durationStopsCleanlyAndTheResumeFinishesTheRest() throws {
        let path = try temporaryDirectory("duration") + "/run.log"
        let first = RecordingWarmer()
        let stopped = PrewarmJob(
            plan: plan, warmer: first, concurrency: 3, maxFailures: 0,
            resumeLog: try ResumeLog(path: path, plan: plan, scale: 1), pacer: RatePacer(rate: 200),
            duration: .milliseconds(300)
        ).run()
        #expect(stopped.ending == .timeUp)
        let done = stopped.progress.rendered
        #expect(done > 0 && done < plan.count && stopped.progress.failed == 0)
        #expect(first.warmed.withLockedValue { $0.count } == done)

        let second = RecordingWarmer()
        let resumed = PrewarmJob(
            plan: plan, warmer: second, concurrency: 3, maxFailures: 0,
            resumeLog: try ResumeLog(path: path, plan: plan, scale: 1)
        ).run()
        #expect(resumed.ending == .finished)
        #expect(resumed.progress.resumed == done && resumed.progress.rendered == plan.count - done)
        let union = first.warmed.withLockedValue { $0 } + second.warmed.withLockedValue { $0 }
        let all = (0..<plan.count).map { plan.item(at: $0) }.map { "\(plan.layers[$0.layer].name)/\($0.tile)" }
        #expect(union.sorted() == all.sorted())
    }

    @Test func durationsParseAsWritten() throws {
        #expect(try DurationText.parse("90s") == .seconds(90))
        #expect(try DurationText.parse("2h") == .seconds(7200))
        #expect(try DurationText.parse("1h30m") == .seconds(5400))
        #expect(try DurationText.parse("7d") == .seconds(604_800))
        for bad in ["", "2", "h", "1x", "0s", "-1h", "1.5h", "99999999999999999999d"] {
            #expect(throws: PrewarmError.self, "\(bad)") { try DurationText.parse(bad) }
        }
    }
}
