import GeoToolz

/// JPEG as one of the tile formats.
extension JPEGEncoder: TileEncoder {
    public var format: TileFormat { .jpeg }

    public func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile {
        EncodedTile(data: try encode(tensor).data, format: .jpeg)
    }

    public func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile {
        EncodedTile(data: try encodeTransparent(width: width, height: height).data, format: .jpeg)
    }
}
