/// The image formats a tile can be written in, as a tile URL's extension names them.
public enum TileFormat: String, CaseIterable, Sendable, Hashable {
    /// Lossless, palette or RGBA: the only format for every tile, transparency included.
    case png
    /// Lossless for colormapped tiles, lossy with alpha for imagery: the smallest files.
    case webp
    /// Lossy RGB without transparency: small imagery tiles that every client decodes.
    case jpeg
    /// Not an image: the pipeline's Float32 values before its final colormap or encoding, as a
    /// GeoTIFF georeferenced to the tile, for analysis.
    case geotiff

    /// The extension a tile URL ends with (`jpg` for JPEG, the common spelling).
    public var fileExtension: String {
        switch self {
        case .png: "png"
        case .webp: "webp"
        case .jpeg: "jpg"
        case .geotiff: "tif"
        }
    }

    /// The `Content-Type` of a tile in this format.
    public var mediaType: String {
        switch self {
        case .png: "image/png"
        case .webp: "image/webp"
        case .jpeg: "image/jpeg"
        case .geotiff: "image/tiff"
        }
    }

    /// The format a URL's extension asks for (`jpg` and `jpeg` both name JPEG); nil for others.
    public init?(fileExtension: String) {
        switch fileExtension {
        case "png": self = .png
        case "webp": self = .webp
        case "jpg", "jpeg": self = .jpeg
        case "tif", "tiff": self = .geotiff
        default: return nil
        }
    }

    /// Whether tiles in this format hold the pipeline's values rather than what it draws.
    public var carriesValues: Bool { self == .geotiff }
}
