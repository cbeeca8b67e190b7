import Foundation

/// A WebP file in memory and the form it took.
public struct EncodedWebP: Sendable, Hashable {
    /// The file's bytes.
    public let data: Data
    /// How its pixels are stored.
    public let form: WebPForm
}

/// How a WebP stores its pixels.
public enum WebPForm: Sendable, Hashable, CustomStringConvertible {
    /// VP8L: every pixel exactly (colormapped tiles).
    case lossless
    /// VP8 at a quality, with any alpha stored losslessly beside it (imagery).
    case lossy(quality: Float)

    public var description: String {
        switch self {
        case .lossless: "lossless"
        case .lossy(let quality): "lossy, quality \(quality)"
        }
    }
}
