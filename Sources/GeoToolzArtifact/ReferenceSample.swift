import GeoToolzIO

/// The tiles an artifact renders for reference: `count` tiles spread evenly over every tile of
/// the layer at the chosen zooms (zoom by zoom, row by row, west to east), keeping those the
/// layer draws. The same layer and arguments always pick the same tiles.
enum ReferenceSample {
    static func tiles(of layer: Layer, zooms: ClosedRange<Int>, area: GeoBounds?, count: Int) -> [TileID] {
        var rectangles = [(zoom: Int, x: ClosedRange<Int>, y: ClosedRange<Int>)]()
        var bounds: MercatorBounds? = layer.mercatorBounds
        if let area { bounds = bounds?.intersection(area.mercator) }
        guard let bounds, zooms.overlaps(layer.minZoom...layer.maxZoom) else { return [] }
        for zoom in zooms.clamped(to: layer.minZoom...layer.maxZoom) {
            if let range = WebMercatorQuad.tiles(covering: bounds, zoom: zoom) {
                rectangles.append((zoom, range.x, range.y))
            }
        }
        let total = rectangles.reduce(0) { $0 + $1.x.count * $1.y.count }
        guard total > 0, count > 0 else { return [] }
        // The middle of each of `count` equal runs of positions; every position when there are fewer.
        let positions =
            total <= count ? Array(0..<total) : (0..<count).map { (2 * $0 + 1) * total / (2 * count) }
        var tiles = [TileID]()
        for position in positions {
            var offset = position
            for rectangle in rectangles {
                let size = rectangle.x.count * rectangle.y.count
                if offset >= size {
                    offset -= size
                    continue
                }
                let x = rectangle.x.lowerBound + offset % rectangle.x.count
                let y = rectangle.y.lowerBound + offset / rectangle.x.count
                if let tile = try? TileID(zoom: rectangle.zoom, x: x, y: y), layer.serves(tile) {
                    tiles.append(tile)
                }
                break
            }
        }
        return tiles
    }
}
