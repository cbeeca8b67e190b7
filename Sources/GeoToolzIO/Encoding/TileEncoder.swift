import GeoToolz

/// Writes rendered tiles in one format: what the server needs from an encoder to answer a tile
/// URL, whichever extension it ends with. `TileEncoding` is the one value that holds any of them.
public protocol TileEncoder: Sendable {
    /// The format this encoder writes.
    var format: TileFormat { get }

    /// Encodes a rendered tile; each encoder throws its own error type, saying what went wrong.
    func encodeTile(_ tensor: GeoTensor) throws -> EncodedTile

    /// The tile of a place without data (layers with `outside: transparent`).
    func encodeTransparentTile(width: Int, height: Int) throws -> EncodedTile
}
