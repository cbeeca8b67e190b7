/// An artifact that cannot be made or read (as opposed to one that drifted: `Drift`).
public struct ArtifactError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
