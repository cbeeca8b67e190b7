/// Why a mosaic could not be loaded, and the file at fault when there is one.
public struct MosaicError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The file (as the layer names it) the error is about.
    public let file: String?

    public init(_ message: String, file: String?) {
        self.message = message
        self.file = file
    }

    public var description: String { file.map { "\($0): \(message)" } ?? message }

    /// Runs `body`, turning its error into a `MosaicError` about `file`.
    static func wrapping<T, E: Error>(_ file: String?, _ body: () throws(E) -> T) throws(MosaicError) -> T {
        do {
            return try body()
        } catch let error as DataPathError {
            throw MosaicError(error.message, file: file)
        } catch {
            throw MosaicError("\(error)", file: file)
        }
    }
}
