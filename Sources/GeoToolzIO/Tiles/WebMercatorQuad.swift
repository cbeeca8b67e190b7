import Foundation

/// The WebMercatorQuad tile matrix set (OGC): EPSG:3857, 2^z × 2^z tiles at zoom z, origin at the
/// top-left corner of the square world, rows counted from the top (the XYZ scheme).
public enum WebMercatorQuad {
    /// The WGS 84 semi-major axis, the sphere radius EPSG:3857 projects on.
    public static let earthRadius = 6_378_137.0
    /// Half the width of the square world, in metres: x and y run over ±`halfWorld`.
    public static let halfWorld = 20_037_508.342789244
    /// The latitude of the world's top and bottom edges, in degrees (±85.0511…).
    public static let maxLatitude = 85.051_128_779_806_59
    /// The deepest zoom level.
    public static let maxZoom = 24
    /// The side of a 1× tile, in pixels; a tile at scale s has s times as many.
    public static let tileSize = 256

    /// The whole world.
    public static let world = MercatorBounds(minX: -halfWorld, minY: -halfWorld, maxX: halfWorld, maxY: halfWorld)

    /// The side of one tile at `zoom`, in metres.
    public static func tileSpan(zoom: Int) -> Double {
        2 * halfWorld / Double(1 << zoom)
    }

    /// The size of one pixel at `zoom` for tiles of `tileSize` pixels, in metres.
    public static func resolution(zoom: Int, tileSize: Int = tileSize) -> Double {
        tileSpan(zoom: zoom) / Double(tileSize)
    }

    /// The area a tile covers.
    public static func bounds(of tile: TileID) -> MercatorBounds {
        let span = tileSpan(zoom: tile.zoom)
        return MercatorBounds(
            minX: -halfWorld + Double(tile.x) * span,
            minY: halfWorld - Double(tile.y + 1) * span,
            maxX: -halfWorld + Double(tile.x + 1) * span,
            maxY: halfWorld - Double(tile.y) * span)
    }

    /// The tile holding a point (x, y in metres); points on the world's edge fall in the edge tiles.
    public static func tile(containingX x: Double, y: Double, zoom: Int) throws(TileError) -> TileID {
        let span = tileSpan(zoom: zoom)
        let last = Double((1 << zoom) - 1)
        let column = min(max(((x + halfWorld) / span).rounded(.down), 0), last)
        let row = min(max(((halfWorld - y) / span).rounded(.down), 0), last)
        return try TileID(zoom: zoom, x: Int(column), y: Int(row))
    }

    /// The tile holding a longitude/latitude in degrees.
    public static func tile(containingLongitude longitude: Double, latitude: Double, zoom: Int)
        throws(TileError) -> TileID
    {
        let point = mercator(longitude: longitude, latitude: latitude)
        return try tile(containingX: point.x, y: point.y, zoom: zoom)
    }

    /// The tiles at `zoom` that share area with `bounds`, as inclusive column and row ranges
    /// (nil when `bounds` misses the world).
    public static func tiles(covering bounds: MercatorBounds, zoom: Int) -> (x: ClosedRange<Int>, y: ClosedRange<Int>)?
    {
        TileMatrixSet.webMercatorQuad.tiles(covering: GridBounds(bounds), zoom: zoom)
    }

    /// EPSG:3857 metres of a longitude/latitude in degrees; latitudes clamp to ±`maxLatitude`.
    public static func mercator(longitude: Double, latitude: Double) -> (x: Double, y: Double) {
        let clamped = min(max(latitude, -maxLatitude), maxLatitude)
        let x = earthRadius * longitude * .pi / 180
        let y = earthRadius * log(tan(.pi / 4 + clamped * .pi / 360))
        return (x, y)
    }

    /// Longitude/latitude in degrees of EPSG:3857 metres.
    public static func lonLat(x: Double, y: Double) -> (longitude: Double, latitude: Double) {
        let longitude = x / earthRadius * 180 / .pi
        let latitude = (2 * atan(exp(y / earthRadius)) - .pi / 2) * 180 / .pi
        return (longitude, latitude)
    }
}
