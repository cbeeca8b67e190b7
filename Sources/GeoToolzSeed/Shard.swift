/// One of N equal parts of a seeding run, written `I/N` with I counted from 1 (`1/3`, `2/3`,
/// `3/3`), so N machines or scheduler jobs can split one run without talking to each other.
///
/// Shard I takes the tiles whose position in the plan's fixed order is I − 1 modulo N: every tile
/// lands in exactly one shard, shard sizes differ by at most one, and each shard still walks
/// the data row by row. Every shard must be given the same plan (layers, zooms, area).
public struct Shard: Sendable, Hashable, CustomStringConvertible {
    /// Which part, 1…`count`.
    public let number: Int
    /// Into how many parts the run is split.
    public let count: Int

    /// The whole run.
    public static let all = Shard(uncheckedNumber: 1, count: 1)

    public init(number: Int, count: Int) throws(PrewarmError) {
        guard count >= 1 else { throw PrewarmError("a run splits into at least 1 shard, not \(count)") }
        guard (1...count).contains(number) else {
            throw PrewarmError("shards count from 1: shard \(number)/\(count) must be 1/\(count)…\(count)/\(count)")
        }
        self.init(uncheckedNumber: number, count: count)
    }

    /// Parses `I/N`.
    public init(parsing text: String) throws(PrewarmError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[0]), let count = Int(parts[1]) else {
            throw PrewarmError("a shard is written I/N, e.g. 2/3 (the second of three), not '\(text)'")
        }
        try self.init(number: number, count: count)
    }

    private init(uncheckedNumber number: Int, count: Int) {
        self.number = number
        self.count = count
    }

    /// Whether the tile at plan position `index` belongs to this shard.
    public func contains(_ index: Int) -> Bool {
        index % count == number - 1
    }

    /// How many of the plan positions `range` belong to this shard.
    public func count(in range: Range<Int>) -> Int {
        members(below: range.upperBound) - members(below: range.lowerBound)
    }

    /// The plan position of this shard's `member`-th tile (from 0).
    public func planIndex(ofMember member: Int) -> Int {
        member * count + number - 1
    }

    /// How many of the positions 0..<`end` belong to this shard.
    public func members(below end: Int) -> Int {
        max(0, end - (number - 1) + count - 1) / count
    }

    public var description: String { "\(number)/\(count)" }
}
