import GeoToolzIO

/// A tile rendered at freeze time: its address and the SHA-256 of its bytes, and — for the
/// first few — the name of the member holding the bytes.
public struct ReferenceTile: Codable, Sendable, Hashable, CustomStringConvertible {
    public var z: Int
    public var x: Int
    public var y: Int
    /// 1 (256 px) or 2 (512 px, `@2x`).
    public var scale: Int
    /// The format's file extension: png, webp, jpg, tif.
    public var format: String
    public var sha256: String
    public var size: Int
    /// The archive member holding the tile's bytes, when they were stored.
    public var file: String?

    /// The address as in a tile URL: `9/85/197@2x.png`.
    public var description: String {
        "\(z)/\(x)/\(y)\(scale == 1 ? "" : "@\(scale)x").\(format)"
    }

    /// The tile, on WebMercatorQuad.
    public func tile() throws -> GridTile {
        try GridTile(.webMercatorQuad, zoom: z, x: x, y: y)
    }

    /// The tile's format.
    public func tileFormat() throws(ArtifactError) -> TileFormat {
        guard let format = TileFormat(fileExtension: format) else {
            throw ArtifactError("reference tile \(self): unknown format '\(format)'")
        }
        return format
    }
}
