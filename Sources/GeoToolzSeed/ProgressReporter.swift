import Dispatch
import Foundation
import GeoToolz
import GeoToolzIO
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// Shows how a seeding run goes: on a terminal, one progress bar line redrawn in place; elsewhere
/// (a log file, a scheduler's capture) a plain line every few seconds. Failed tiles go to
/// standard error, one line each; the summary closes the output.
public final class ProgressReporter: @unchecked Sendable {
    public enum Style: Sendable {
        /// A bar redrawn in place with `\r`: done/total, rate, ETA, errors.
        case bar
        /// A line every `interval`.
        case lines
    }

    public let style: Style
    public let interval: Duration
    /// What the plain lines call the run (`prewarm`, `export`).
    public let label: String
    // Guarded by `lock`: writes from the timer and from failing threads must not interleave.
    private let lock = NIOLock()
    private var barShown = false
    private var finished = false
    private var timer: (any DispatchSourceTimer)?

    /// Bars are redrawn 5 times a second; lines printed every 2 s unless told otherwise.
    public init(style: Style, interval: Duration? = nil, label: String = "prewarm") {
        self.style = style
        self.label = label
        self.interval = interval ?? (style == .bar ? .milliseconds(200) : .seconds(2))
    }

    /// A bar when standard output is a terminal, plain lines otherwise.
    public static var styleForStandardOutput: Style {
        isatty(STDOUT_FILENO) != 0 ? .bar : .lines
    }

    /// Starts reporting `sample()` every `interval`.
    public func start(_ sample: @escaping @Sendable () -> PrewarmProgress) {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "geotoolz.prewarm.progress"))
        let nanoseconds = Int(interval.nanoseconds)
        timer.schedule(deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds))
        timer.setEventHandler { [self] in show(sample()) }
        lock.withLock { self.timer = timer }
        timer.resume()
    }

    /// Reports a failed tile on standard error.
    public func failure(_ text: String) {
        lock.withLock {
            clearBar()
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }

    /// Stops the updates; draws the last bar, then writes `lines` (the summary) to standard output.
    public func finish(_ progress: PrewarmProgress, lines: [String]) {
        let timer = lock.withLock { () -> (any DispatchSourceTimer)? in
            defer { self.timer = nil }
            return self.timer
        }
        timer?.cancel()
        lock.withLock {
            // A timer event already under way must not draw after the summary.
            finished = true
            var text = ""
            if style == .bar {
                text = "\r" + Self.barLine(progress, width: Self.terminalWidth) + "\u{1B}[K\n"
                barShown = false
            }
            text += lines.map { $0 + "\n" }.joined()
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    private func show(_ progress: PrewarmProgress) {
        lock.withLock {
            guard !finished else { return }
            switch style {
            case .bar:
                let line = "\r" + Self.barLine(progress, width: Self.terminalWidth) + "\u{1B}[K"
                FileHandle.standardOutput.write(Data(line.utf8))
                barShown = true
            case .lines:
                FileHandle.standardOutput.write(Data((Self.plainLine(progress, label: label) + "\n").utf8))
            }
        }
    }

    /// Wipes the bar so a message can take its line; the next update redraws it.
    private func clearBar() {
        guard barShown else { return }
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
        barShown = false
    }

    // MARK: Text

    /// `[#########...........]  1234/5678  21.7%  152.3 tiles/s  ETA 0:29  errors 0`, fitted to
    /// `width` columns so the terminal never wraps it (a wrapped line cannot be redrawn in place).
    public static func barLine(_ progress: PrewarmProgress, width: Int) -> String {
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        let eta = progress.remaining.map(clock) ?? "--:--"
        // Fixed-width fields keep the bar from changing length as the numbers grow.
        let done = String(progress.done)
        let padded = String(repeating: " ", count: max(0, String(progress.total).count - done.count)) + done
        let text =
            "  \(padded)/\(progress.total)  \(String(format: "%6.1f%%", fraction * 100))  "
            + "\(String(format: "%7.1f", progress.tilesPerSecond)) tiles/s  ETA \(eta)  errors \(progress.failed)"
        let barWidth = min(40, width - text.count - 3)
        guard barWidth >= 5 else { return String(text.dropFirst(2).prefix(max(width - 1, 0))) }
        let filled = min(barWidth, Int(fraction * Double(barWidth)))
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled) + "]"
            + text
    }

    /// `prewarm 1234/5678 (21.7%), 152.3 tiles/s, ETA 0:29; rendered 1200, skipped 34, failed 0`.
    public static func plainLine(_ progress: PrewarmProgress, label: String = "prewarm") -> String {
        let fraction = progress.total > 0 ? Double(progress.done) / Double(progress.total) : 1
        return "\(label) \(progress.done)/\(progress.total) (\(percent(fraction))), \(rate(progress)) tiles/s, "
            + "ETA \(progress.remaining.map(clock) ?? "unknown"); rendered \(progress.rendered), "
            + "skipped \(progress.skipped), failed \(progress.failed)"
    }

    /// `rendered 5600, skipped 78 (cached 70, outside 8, resumed 0), failed 0, 12.3 MB, 37.2 s, 152.6 tiles/s`.
    /// A run that refreshes or skips uncached tiles says how many: `rendered 50 (refreshed 20)`,
    /// `(cached 70, uncached 9, …)`.
    public static func summaryLine(_ progress: PrewarmProgress) -> String {
        let refreshed = progress.refreshed > 0 ? " (refreshed \(progress.refreshed))" : ""
        let uncached = progress.uncached > 0 ? "uncached \(progress.uncached), " : ""
        return "rendered \(progress.rendered)\(refreshed), skipped \(progress.skipped) (cached \(progress.cached), "
            + "\(uncached)outside \(progress.outside), resumed \(progress.resumed)), failed \(progress.failed), "
            + "\(size(progress.bytes)), \(String(format: "%.1f", progress.elapsed.milliseconds / 1000)) s, "
            + "\(rate(progress)) tiles/s"
    }

    /// `m:ss`, or `h:mm:ss` from an hour on.
    public static func clock(_ duration: Duration) -> String {
        let total = Int((duration.milliseconds / 1000).rounded())
        let (hours, minutes, seconds) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0
            ? String(format: "%d:%02d:%02d", hours, minutes, seconds) : String(format: "%d:%02d", minutes, seconds)
    }

    /// Bytes in B, kB, MB or GB (powers of 1000).
    public static func size(_ bytes: Int) -> String {
        switch bytes {
        case ..<1000: "\(bytes) B"
        case ..<1_000_000: String(format: "%.1f kB", Double(bytes) / 1e3)
        case ..<1_000_000_000: String(format: "%.1f MB", Double(bytes) / 1e6)
        default: String(format: "%.2f GB", Double(bytes) / 1e9)
        }
    }

    private static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }

    private static func rate(_ progress: PrewarmProgress) -> String {
        String(format: "%.1f", progress.tilesPerSecond)
    }

    private static var terminalWidth: Int {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
        return Int(size.ws_col)
    }
}
