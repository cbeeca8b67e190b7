/// A file the layer reads, as it was frozen.
public struct InputFile: Codable, Sendable, Hashable {
    /// Relative to the data directory.
    public var path: String
    public var size: Int
    /// SHA-256 of the content, lowercase hex.
    public var sha256: String

    public init(path: String, size: Int, sha256: String) {
        self.path = path
        self.size = size
        self.sha256 = sha256
    }
}
