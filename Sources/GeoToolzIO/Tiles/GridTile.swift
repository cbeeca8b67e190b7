/// One tile of a tile matrix set, rows counted from the top: what a tile request names once
/// checked against the set's matrices.
public struct GridTile: Sendable, Hashable, CustomStringConvertible {
    public let grid: TileMatrixSet
    public let zoom: Int
    public let x: Int
    public let y: Int

    /// A tile; fails when the zoom or the position is outside the set's matrices.
    public init(_ grid: TileMatrixSet, zoom: Int, x: Int, y: Int) throws(TileError) {
        guard (0...WebMercatorQuad.maxZoom).contains(zoom) else { throw .zoomOutOfRange(zoom) }
        let size = grid.matrixSize(zoom: zoom)
        guard (0..<size.columns).contains(x), (0..<size.rows).contains(y) else {
            throw .positionOutOfRange(zoom: zoom, x: x, y: y)
        }
        (self.grid, self.zoom, self.x, self.y) = (grid, zoom, x, y)
    }

    /// A tile of WebMercatorQuad.
    public init(_ tile: TileID) {
        (grid, zoom, x, y) = (.webMercatorQuad, tile.zoom, tile.x, tile.y)
    }

    /// The WebMercatorQuad tile this is, nil in other grids.
    public var mercatorTile: TileID? {
        grid == .webMercatorQuad ? try? TileID(zoom: zoom, x: x, y: y) : nil
    }

    /// The tile's pixels, `tileSize` a side, padded by `halo` on every side.
    public func window(tileSize: Int = WebMercatorQuad.tileSize, halo: Int = 0) -> GridWindow {
        // WebMercatorQuad tiles keep the exact window they always had.
        if let tile = mercatorTile { return RasterWindow(tile: tile, tileSize: tileSize, halo: halo).grid }
        return GridWindow(crs: grid.crs, bounds: grid.bounds(zoom: zoom, x: x, y: y), width: tileSize, height: tileSize)
            .padded(by: halo)
    }

    public var description: String {
        (grid == .webMercatorQuad ? "" : grid.identifier + "/") + "\(zoom)/\(x)/\(y)"
    }
}
