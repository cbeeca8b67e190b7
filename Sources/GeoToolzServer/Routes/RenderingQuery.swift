/// A request target's rendering parameters read as a tile request reads them, without a layer:
/// the entry point of the `Route` fuzz target, since the query is text from anyone.
public enum RenderingQuery {
    /// The canonical query of `target`'s parameters (empty without any), or why they are refused.
    public static func read(_ target: String) -> Result<String, RenderingQueryError> {
        guard let query = TileParameters.query(of: target) else { return .success("") }
        do {
            return .success(try TileParameters.parse(query).canonicalQuery)
        } catch {
            return .failure(RenderingQueryError(parameter: error.parameter, message: error.message))
        }
    }
}

/// A refused rendering parameter: its name and what is wrong.
public struct RenderingQueryError: Error, Sendable, Equatable {
    /// The parameter at fault (`query` for the query as a whole).
    public let parameter: String
    /// What is wrong, and what would be accepted.
    public let message: String
}
