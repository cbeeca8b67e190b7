import GeoToolz

/// GeoTIFF as a tile format: the tile's values, georeferenced to the tile.
extension GeoTIFFEncoder: TileEncoder {
    public var format: TileFormat { .geotiff }

    public func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile {
        EncodedTile(data: try encode(tensor), format: .geotiff)
    }

    /// A place without data has no values to write: such tiles are answered without content.
    public func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile {
        throw RenderError("a GeoTIFF tile without data has no content")
    }
}
