import GeoToolz

/// PNG as one of the tile formats: the same encoding, wrapped.
extension PNGEncoder: TileEncoder {
    public var format: TileFormat { .png }

    public func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile {
        EncodedTile(data: try encode(tensor).data, format: .png)
    }

    public func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile {
        EncodedTile(data: try encodeTransparent(width: width, height: height).data, format: .png)
    }
}
