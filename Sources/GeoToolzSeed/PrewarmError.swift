/// Why a seeding run cannot start or go on: a bad argument, an unusable resume log, an
/// unreachable target.
public struct PrewarmError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
