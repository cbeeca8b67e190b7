/// A tensor that cannot be written as a WebP, or a failure inside libwebp.
public struct WebPError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { "WebP encoding: \(message)" }
}
