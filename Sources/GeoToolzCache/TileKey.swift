import NIOCore

/// Everything that determines a tile's bytes: the layer, its pipeline and data, the tile, the
/// scale, the format.
///
/// A changed pipeline (config hash) or changed data (data identity) gives a new key, so a cache
/// never serves a stale tile and needs no purge.
public struct TileKey: Hashable, Sendable, CustomStringConvertible {
    public let layer: String
    public let configHash: String
    public let dataIdentity: String
    public let tile: TileAddress

    public init(layer: String, configHash: String, dataIdentity: String, tile: TileAddress) {
        self.layer = layer
        self.configHash = configHash
        self.dataIdentity = dataIdentity
        self.tile = tile
    }

    /// The key's text form: `gz:tile:{layer}:{hash}:{data}:{z}:{x}:{y}@{scale}`, then
    /// `.{extension}` for formats other than PNG and `/{grid}` for grids other than
    /// WebMercatorQuad (so PNG keys of XYZ tiles stay as they were).
    public var description: String {
        var text = "gz:tile:\(layer):\(configHash):\(dataIdentity):\(tile.z):\(tile.x):\(tile.y)@\(tile.scale)"
        if let format = tile.format, format != .png { text += "." + format.fileExtension }
        if tile.grid != .webMercatorQuad { text += "/" + tile.grid.identifier }
        return text
    }
}

/// A tile's bytes and the warnings its render raised, as caches hold them.
public struct CachedTile: Sendable {
    /// The encoded tile, in the format its key names.
    public let bytes: ByteBuffer
    public let warnings: [String]

    public init(bytes: ByteBuffer, warnings: [String]) {
        self.bytes = bytes
        self.warnings = warnings
    }
}
