import GeoToolz
import GeoToolzIO

/// One layer's tile before encoding: its values (`Layer.values`) and what the tile shows (the
/// pixels `Layer.render` encodes).
public struct TileRender: Sendable {
    /// The values before the final colormap or encoding.
    public let values: GeoTensor
    /// The pixels the tile's image is encoded from.
    public let shown: GeoTensor

    /// Renders `tile` of `layer` at `scale` (1: 256 pixels a side, 2: 512).
    public init(_ layer: Layer, tile: GridTile, scale: Int = 1) throws {
        let side = scale * WebMercatorQuad.tileSize
        // WebMercatorQuad tiles keep the warp state between tiles, as the server does.
        if let mercator = tile.mercatorTile {
            values = try layer.values(RasterWindow(tile: mercator, tileSize: side))
        } else {
            values = try layer.values(tile.window(tileSize: side))
        }
        guard let encoding = layer.pipeline.finalEncoding?.encoding else {
            shown = values
            return
        }
        // A final encoding works pixel by pixel (halo 0), so encoding the values gives what the
        // whole pipeline gives, with one read instead of two.
        if encoding.halo == 0 {
            shown = try encoding.apply(inputs: [values])
        } else if let mercator = tile.mercatorTile {
            shown = try layer.process(RasterWindow(tile: mercator, tileSize: side))
        } else {
            shown = try layer.process(tile.window(tileSize: side))
        }
    }
}
