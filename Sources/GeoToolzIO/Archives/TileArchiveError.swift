/// Why a tile archive could not be written, read or merged, and which file it concerns.
public struct TileArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, broadly, for callers that react to some cases (an archive that exists,
    /// two inputs that disagree).
    public enum Kind: Sendable, Hashable {
        /// The path has no archive extension, or the tiles are of a format archives do not hold.
        case unsupported
        /// The archive exists already and overwriting was not asked for.
        case exists
        /// The file is missing.
        case notFound
        /// Another writer holds the partial state.
        case busy
        /// The file is not a valid archive of its format.
        case corrupt
        /// Inputs of a merge disagree: a tile or a metadata field.
        case conflict
        /// Metadata or a tile that cannot be stored as given.
        case invalid
        /// The file system or SQLite failed.
        case io
    }

    public let kind: Kind
    /// The file concerned.
    public let path: String
    /// What happened, in words.
    public let reason: String

    public init(_ kind: Kind, path: String, _ reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
