import Foundation

/// A JPEG file in memory.
public struct EncodedJPEG: Sendable, Hashable {
    /// The file's bytes.
    public let data: Data
    /// How many pixels were not opaque and were composited onto the fill colour.
    public let filledPixels: Int
}
