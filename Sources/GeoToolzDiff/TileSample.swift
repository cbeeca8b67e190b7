/// The tiles a comparison takes from a plan: all of them, or `count` evenly spaced plan
/// positions — the middle of each of `count` equal runs — so the same plan always gives the
/// same tiles, spread over every zoom and rectangle in proportion to their tiles.
public struct TileSample: Sendable, Hashable {
    /// The plan positions taken, ascending.
    public let positions: [Int]

    /// `count` positions of a plan of `planCount` tiles; nil (or a count ≥ the plan's) takes all.
    public init(planCount: Int, count: Int?) {
        guard let count, count < planCount else {
            positions = Array(0..<planCount)
            return
        }
        positions = (0..<max(0, count)).map { ((2 * $0 + 1) * planCount) / (2 * count) }
    }
}
