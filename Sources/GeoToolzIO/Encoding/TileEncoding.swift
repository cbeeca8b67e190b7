import GeoToolz

/// One tile encoder of any format, with its settings: a value (hashable, so it can sit in
/// `LayerOptions` and in a layer's config hash) that dispatches to the encoder it holds.
public enum TileEncoding: TileEncoder, Hashable {
    case png(PNGEncoder)
    case webp(WebPEncoder)
    case jpeg(JPEGEncoder)
    case geotiff(GeoTIFFEncoder)

    /// The encoder of `format` at its default settings.
    public init(defaultFor format: TileFormat) {
        switch format {
        case .png: self = .png(PNGEncoder())
        case .webp: self = .webp(WebPEncoder())
        case .jpeg: self = .jpeg(JPEGEncoder())
        case .geotiff: self = .geotiff(GeoTIFFEncoder())
        }
    }

    /// The encoder held.
    public var encoder: any TileEncoder {
        switch self {
        case .png(let encoder): encoder
        case .webp(let encoder): encoder
        case .jpeg(let encoder): encoder
        case .geotiff(let encoder): encoder
        }
    }

    public var format: TileFormat { encoder.format }

    public func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile {
        try encoder.encodeTile(tensor)
    }

    public func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile {
        try encoder.encodeTransparentTile(width: width, height: height)
    }
}
