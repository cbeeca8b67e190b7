import Foundation

/// An encoded tile, whatever its format: the bytes to send and what to call them.
public struct EncodedTile: Sendable, Hashable {
    /// The file's bytes.
    public let data: Data
    /// The format it is in.
    public let format: TileFormat

    public init(data: Data, format: TileFormat) {
        self.data = data
        self.format = format
    }

    /// The `Content-Type` to send it with.
    public var mediaType: String { format.mediaType }
}
