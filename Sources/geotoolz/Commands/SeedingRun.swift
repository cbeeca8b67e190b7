import ArgumentParser
import Foundation
import GeoToolzSeed

#if canImport(Glibc)
    import Glibc
#endif

/// Runs a seeding job (`prewarm`, `export`) as a command: progress on standard output, SIGINT
/// and SIGTERM stop it cleanly, and its ending becomes the closing line and the exit status.
struct SeedingRun {
    /// Exit statuses beyond 0, 1 and ArgumentParser's 64.
    enum Status {
        static let someFailed: Int32 = 2
        static let tooManyFailures: Int32 = 3
        /// EX_TEMPFAIL: not finished, run again.
        static let timeUp: Int32 = 75
        static let interrupted: Int32 = 130
    }

    /// `prewarm` or `export`: what the lines call the run.
    let label: String
    /// Whether running the same command again continues an interrupted run.
    let resumable: Bool
    /// `--duration` as written.
    let duration: String?
    /// How to continue a run that stopped early.
    var continuation = "run the same command again to continue"

    /// Runs `job` to its end, reporting through `reporter`; `finished` runs after a run that
    /// dealt with every tile (failed ones included), `unfinished` after one that stopped early,
    /// each before the closing line.
    func run(
        _ job: PrewarmJob, reporter: ProgressReporter, finished: () throws -> Void = {},
        unfinished: () throws -> Void = {}
    ) throws {
        let signals = SignalHandlers()
        signals.on(SIGINT, once: true) { job.stop() }
        signals.on(SIGTERM, once: true) { job.stop() }
        reporter.start { job.progress }
        let summary = job.run()
        let counts = ProgressReporter.summaryLine(summary.progress)
        let again = "; " + continuation
        if summary.ending != .finished {
            do { try unfinished() } catch {
                reporter.finish(
                    summary.progress, lines: ["\(label) stopped, and failed to keep its work: \(error): \(counts)"])
                throw ExitCode.failure
            }
        }
        switch summary.ending {
        case .finished:
            do { try finished() } catch {
                reporter.finish(summary.progress, lines: ["\(label) failed at the end: \(error): \(counts)"])
                throw ExitCode.failure
            }
            if summary.progress.failed == 0 {
                reporter.finish(summary.progress, lines: ["\(label) finished: \(counts)"])
            } else {
                reporter.finish(
                    summary.progress,
                    lines: ["\(label) finished with \(summary.progress.failed) failed tiles: \(counts)"])
                throw ExitCode(Status.someFailed)
            }
        case .tooManyFailures(let limit):
            reporter.finish(
                summary.progress,
                lines: [
                    "\(label) stopped: \(summary.progress.failed) tiles failed, more than --max-failures \(limit): \(counts)"
                ])
            throw ExitCode(Status.tooManyFailures)
        case .stopped:
            reporter.finish(summary.progress, lines: ["\(label) interrupted: \(counts)\(resumable ? again : "")"])
            throw ExitCode(Status.interrupted)
        case .resumeLogFailed(let reason):
            reporter.finish(summary.progress, lines: ["\(label) stopped: \(reason): \(counts)"])
            throw ExitCode.failure
        case .timeUp:
            reporter.finish(
                summary.progress,
                lines: ["\(label) stopped at the end of --duration \(duration ?? ""): \(counts)\(again)"])
            throw ExitCode(Status.timeUp)
        }
    }
}
