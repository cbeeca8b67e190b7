/// Why a BandMath expression cannot be read, and where (1-based column, in characters).
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The column of the problem.
    public let column: Int

    init(_ message: String, at column: Int) {
        self.message = message
        self.column = column
    }

    public var description: String { "\(message) at column \(column)" }
}
