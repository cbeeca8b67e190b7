/// A tensor that cannot be written as a PNG, or a failure inside libpng.
public struct PNGError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "PNG encoding: \(message)" }
}
