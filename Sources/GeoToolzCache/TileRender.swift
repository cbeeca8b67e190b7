import GeoToolzIO
import NIOCore

/// One tile of a layer rendered for the caches: the key it is stored under and the value stored.
///
/// The server and `geotoolz prewarm` both go through here, so a tile written by either is a hit
/// for the other.
public struct TileRender: Sendable {
    /// Where caches keep the tile.
    public let key: TileKey
    /// What caches keep: the encoded tile and the render's warnings.
    public let value: CachedTile
    /// The render itself, with its stage timings.
    public let rendered: RenderedTile
    /// Seconds Redis keeps the tile (the layer's `ttl`); nil keeps it until evicted.
    public let ttl: Int?

    /// Renders `tile` of `layer` at `scale` (1 = 256 pixels, 2 = 512 pixels) in `format` (nil:
    /// the layer's default).
    public init(_ tile: TileID, scale: Int, format: TileFormat? = nil, of layer: Layer) throws {
        try self.init(GridTile(tile), scale: scale, format: format, of: layer)
    }

    /// Renders `tile` of any grid.
    public init(_ tile: GridTile, scale: Int, format: TileFormat? = nil, of layer: Layer) throws {
        let format = format ?? layer.formats.primary
        key = Self.key(tile, scale: scale, format: format, of: layer)
        rendered = try layer.render(tile, scale: scale, format: format)
        value = CachedTile(bytes: ByteBuffer(bytes: rendered.data), warnings: rendered.warnings)
        ttl = layer.definition.cacheTTL
    }

    /// The key `tile` of `layer` at `scale` in `format` (nil: the layer's default) is cached under.
    public static func key(_ tile: TileID, scale: Int, format: TileFormat? = nil, of layer: Layer) -> TileKey {
        key(GridTile(tile), scale: scale, format: format, of: layer)
    }

    /// The key a tile of any grid is cached under.
    public static func key(_ tile: GridTile, scale: Int, format: TileFormat? = nil, of layer: Layer) -> TileKey {
        TileKey(
            layer: layer.name, configHash: layer.configHash, dataIdentity: layer.dataIdentity,
            tile: TileAddress(
                z: tile.zoom, x: tile.x, y: tile.y, scale: scale, format: format ?? layer.formats.primary,
                grid: tile.grid))
    }
}
