/// PMTiles tile ids: tiles numbered zoom by zoom, and within a zoom along a Hilbert curve, so
/// tiles near each other on the map sit near each other in the archive.
enum PMTilesTileID {
    /// The id of the first tile of `zoom`: the count of tiles at all lower zooms, (4^z − 1) / 3.
    static func first(ofZoom zoom: Int) -> UInt64 {
        ((UInt64(1) << (2 * UInt64(zoom))) - 1) / 3
    }

    /// The id of `tile`.
    static func id(_ tile: TileID) -> UInt64 {
        var x = UInt64(tile.x)
        var y = UInt64(tile.y)
        var position: UInt64 = 0
        var side = (UInt64(1) << UInt64(tile.zoom)) >> 1
        while side > 0 {
            let rx: UInt64 = x & side != 0 ? 1 : 0
            let ry: UInt64 = y & side != 0 ? 1 : 0
            position += side * side * ((3 * rx) ^ ry)
            rotate(side, &x, &y, rx, ry)
            side >>= 1
        }
        return first(ofZoom: tile.zoom) + position
    }

    /// The tile with `id`, or nil past the matrix set's deepest zoom.
    static func tile(_ id: UInt64) -> TileID? {
        var zoom = 0
        while zoom <= WebMercatorQuad.maxZoom && first(ofZoom: zoom + 1) <= id { zoom += 1 }
        guard zoom <= WebMercatorQuad.maxZoom else { return nil }
        let count = UInt64(1) << UInt64(zoom)
        var position = id - first(ofZoom: zoom)
        var x: UInt64 = 0
        var y: UInt64 = 0
        var side: UInt64 = 1
        while side < count {
            let rx = 1 & (position / 2)
            let ry = 1 & (position ^ rx)
            rotate(side, &x, &y, rx, ry)
            x += side * rx
            y += side * ry
            position /= 4
            side <<= 1
        }
        return try? TileID(zoom: zoom, x: Int(x), y: Int(y))
    }

    /// The Hilbert curve's turn within a quadrant of `side` cells.
    private static func rotate(_ side: UInt64, _ x: inout UInt64, _ y: inout UInt64, _ rx: UInt64, _ ry: UInt64) {
        guard ry == 0 else { return }
        if rx == 1 {
            // Wrapping: callers only look at the bits below `side`, where this is side − 1 − v.
            x = (side &- 1) &- x
            y = (side &- 1) &- y
        }
        swap(&x, &y)
    }
}
