import NIOCore

/// Everything that determines a tile's bytes: the layer, its pipeline and data, the tile, the scale.
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

    /// The key's text form: `gz:tile:{layer}:{hash}:{data}:{z}:{x}:{y}@{scale}`.
    public var description: String {
        "gz:tile:\(layer):\(configHash):\(dataIdentity):\(tile.z):\(tile.x):\(tile.y)@\(tile.scale)"
    }
}

/// A tile's bytes and the warnings its render raised, as caches hold them.
public struct CachedTile: Sendable {
    public let png: ByteBuffer
    public let warnings: [String]

    public init(png: ByteBuffer, warnings: [String]) {
        self.png = png
        self.warnings = warnings
    }
}
