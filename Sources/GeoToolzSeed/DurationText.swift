/// Durations as written on a command line: a number and a unit, or several (`90s`, `15m`, `2h`,
/// `7d`, `1h30m`).
public enum DurationText {
    /// Parses `text`; the result is positive.
    public static func parse(_ text: String) throws(PrewarmError) -> Duration {
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var seconds: Int64 = 0
        var digits = ""
        var parts = 0
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let unit = units[character], let number = Int64(digits),
                case let (product, overflow) = number.multipliedReportingOverflow(by: unit), !overflow,
                case let (sum, overflowed) = seconds.addingReportingOverflow(product), !overflowed
            {
                seconds = sum
                digits = ""
                parts += 1
            } else {
                throw Self.invalid(text)
            }
        }
        guard digits.isEmpty, parts > 0, seconds > 0, seconds <= 366 * 86_400 * 100 else { throw Self.invalid(text) }
        return .seconds(seconds)
    }

    private static func invalid(_ text: String) -> PrewarmError {
        PrewarmError(
            "a duration is a number and a unit (s, m, h, d), or several: 90s, 15m, 2h, 1h30m, 7d; not '\(text)'")
    }
}
