/// Why two layers cannot be compared, or a comparison could not finish.
public struct DiffError: Error, Sendable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }
}
