/// A tile that cannot be written as a JPEG, or a failure inside TurboJPEG.
public enum JPEGError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The tile has pixels that are not opaque and no fill colour was given: a request the
    /// client can fix (another format) rather than a failure of the server.
    case transparent(pixels: Int, of: Int)
    /// Anything else: a tensor JPEG cannot take, bad settings, or TurboJPEG's own failure.
    case encoding(String)

    public var description: String {
        switch self {
        case .transparent(let pixels, let total):
            "JPEG has no transparency: \(pixels) of \(total) pixels are transparent or translucent; "
                + "request .png or .webp, or give the layer a `fill` colour"
        case .encoding(let message): "JPEG encoding: \(message)"
        }
    }
}
