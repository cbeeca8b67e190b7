/// A position in a source text (1-based).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let line: Int
    public let column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// A config that cannot be read or built, with where the problem sits.
///
/// Its description reads `FILE:LINE:COLUMN: PATH: message`, with whichever parts are known.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Where in the document the problem is.
    public var path: ConfigPath
    /// What is wrong.
    public var message: String
    /// Where in the source text, when the document came from text.
    public var location: SourceLocation?
    /// The file the document came from, when known.
    public var source: String?

    public init(
        _ message: String, at path: ConfigPath, location: SourceLocation? = nil, source: String? = nil
    ) {
        self.message = message
        self.path = path
        self.location = location
        self.source = source
    }

    public var description: String {
        var prefix = ""
        if let source { prefix += source + ":" }
        if let location { prefix += "\(location.line):\(location.column):" }
        if !prefix.isEmpty { prefix += " " }
        let where_ = path.description
        return where_.isEmpty ? prefix + message : "\(prefix)\(where_): \(message)"
    }
}
