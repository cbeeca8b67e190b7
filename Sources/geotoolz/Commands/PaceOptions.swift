import ArgumentParser
import GeoToolzSeed

/// How fast and how long `prewarm` and `export` run: `--max-rate` and `--duration`.
struct PaceOptions: ParsableArguments {
    @Option(
        parsing: .unconditional,
        help: ArgumentHelp("Start at most this many renders a second, over all threads.", valueName: "tiles-per-s"))
    var maxRate: Double?

    @Option(
        name: .customLong("duration"),
        help: "Start no tile after this long, e.g. 2h, 45m, 1h30m; run again to continue.")
    var durationText: String?

    func validate() throws {
        if let maxRate, !(maxRate > 0 && maxRate <= 1_000_000) {
            throw ValidationError("--max-rate is a number of tiles per second above 0, up to 1000000; got \(maxRate)")
        }
        _ = try self.duration()
    }

    /// The pacer `--max-rate` asks for.
    var pacer: RatePacer? { maxRate.map { RatePacer(rate: $0) } }

    func duration() throws -> Duration? {
        guard let durationText else { return nil }
        do { return try DurationText.parse(durationText) } catch { throw ValidationError("--duration: \(error)") }
    }

    /// `, at most 20 tiles/s, for 2h` for the opening line.
    var summary: String {
        var text = ""
        if let maxRate { text += ", at most \(maxRate.formatted()) tiles/s" }
        if let durationText { text += ", for \(durationText)" }
        return text
    }
}

extension Double {
    /// The number without a trailing `.0`.
    fileprivate func formatted() -> String {
        self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
