/// A tile among those that changed most, with where to see it.
public struct WorstTile: Sendable {
    public let comparison: TileComparison
    /// The new version's tile on a server: `<base>/tiles/<layer>/z/x/y.png`.
    public let url: String
}
