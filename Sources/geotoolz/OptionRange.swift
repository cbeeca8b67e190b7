import ArgumentParser

/// Checks a numeric option against the values it may take, so a mistyped number is refused
/// with its flag and range instead of wrapping, hanging or starting a server that cannot work.
func require<Value: Comparable>(
    _ value: Value, within range: ClosedRange<Value>, for flag: String, _ meaning: String = ""
) throws {
    guard range.contains(value) else {
        let note = meaning.isEmpty ? "" : " (\(meaning))"
        throw ValidationError("\(flag) must be within \(range.lowerBound)…\(range.upperBound)\(note), got \(value)")
    }
}
