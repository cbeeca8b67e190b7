import GeoToolz

/// WebP as one of the tile formats.
extension WebPEncoder: TileEncoder {
    public var format: TileFormat { .webp }

    public func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile {
        EncodedTile(data: try encode(tensor).data, format: .webp)
    }

    public func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile {
        EncodedTile(data: try encodeTransparent(width: width, height: height).data, format: .webp)
    }
}
