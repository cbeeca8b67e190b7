import GeoToolz

/// A north-up grid of pixels over an EPSG:3857 rectangle: what one read produces.
public struct RasterWindow: Sendable, Hashable {
    /// The area covered, edge to edge.
    public let bounds: MercatorBounds
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int

    /// A window of `width` × `height` pixels spanning `bounds`.
    public init(bounds: MercatorBounds, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a window has at least one pixel")
        precondition(bounds.width > 0 && bounds.height > 0, "a window covers some area")
        self.bounds = bounds
        self.width = width
        self.height = height
    }

    /// The pixels of `tile` at `tileSize` pixels a side, padded by `halo` pixels on every side
    /// so neighbourhood operators see the context beyond the tile's edges.
    public init(tile: TileID, tileSize: Int = WebMercatorQuad.tileSize, halo: Int = 0) {
        precondition(tileSize > 0 && halo >= 0, "a tile window has a positive size and a non-negative halo")
        self = RasterWindow(bounds: WebMercatorQuad.bounds(of: tile), width: tileSize, height: tileSize)
            .padded(by: halo)
    }

    /// The window grown by `margin` pixels on every side, at the same resolution.
    public func padded(by margin: Int) -> RasterWindow {
        guard margin != 0 else { return self }
        let dx = Double(margin) * bounds.width / Double(width)
        let dy = Double(margin) * bounds.height / Double(height)
        return RasterWindow(
            bounds: MercatorBounds(
                minX: bounds.minX - dx, minY: bounds.minY - dy, maxX: bounds.maxX + dx, maxY: bounds.maxY + dy),
            width: width + 2 * margin, height: height + 2 * margin)
    }

    /// Pixel → EPSG:3857 coordinates of this window.
    public var transform: GeoTransform {
        GeoTransform(
            originX: bounds.minX, pixelWidth: bounds.width / Double(width),
            originY: bounds.maxY, pixelHeight: -bounds.height / Double(height))
    }
}
