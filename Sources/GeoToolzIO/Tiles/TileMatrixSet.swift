/// A tile matrix set (OGC Two Dimensional Tile Matrix Set): the CRS tiles are cut in, the
/// world's top-left corner, how many tiles each zoom has and how large they are. Reads, caches,
/// routes and WMTS take it as a value, so another grid is one more definition.
public struct TileMatrixSet: Sendable, Hashable, CustomStringConvertible {
    /// The identifier in URLs and WMTS (`WebMercatorQuad`, `WorldCRS84Quad`).
    public let identifier: String
    /// The CRS of the tiles' pixels.
    public let crs: GridCRS
    /// The CRS as WMTS names it.
    public let crsURN: String
    /// The OGC well-known scale set the matrices follow.
    public let wellKnownScaleSet: String
    /// The world covered, in `crs` units.
    public let world: GridBounds
    /// Tile columns and rows at zoom 0.
    public let columnsAtZoom0: Int
    public let rowsAtZoom0: Int
    /// Metres per `crs` unit, for scale denominators (1 for metres; a degree's arc on the
    /// WGS 84 semi-major axis for degrees, as the OGC standard defines it).
    public let metresPerUnit: Double

    /// The XYZ grid of web maps: EPSG:3857, one tile at zoom 0.
    public static let webMercatorQuad = TileMatrixSet(
        identifier: "WebMercatorQuad", crs: .webMercator, crsURN: "urn:ogc:def:crs:EPSG::3857",
        wellKnownScaleSet: "urn:ogc:def:wkss:OGC:1.0:GoogleMapsCompatible",
        world: GridBounds(WebMercatorQuad.world), columnsAtZoom0: 1, rowsAtZoom0: 1, metresPerUnit: 1)

    /// Longitude/latitude (CRS84 axis order): two tiles at zoom 0, each 180° a side.
    public static let worldCRS84Quad = TileMatrixSet(
        identifier: "WorldCRS84Quad", crs: .lonLat, crsURN: "urn:ogc:def:crs:OGC:1.3:CRS84",
        wellKnownScaleSet: "urn:ogc:def:wkss:OGC:1.0:GoogleCRS84Quad",
        world: GridBounds(minX: -180, minY: -90, maxX: 180, maxY: 90), columnsAtZoom0: 2, rowsAtZoom0: 1,
        metresPerUnit: 2 * Double.pi * WebMercatorQuad.earthRadius / 360)

    /// Every grid served.
    public static let all = [webMercatorQuad, worldCRS84Quad]

    /// The grid with `identifier`, nil for none served.
    public static func named(_ identifier: some StringProtocol) -> TileMatrixSet? {
        all.first { $0.identifier == identifier }
    }

    /// Tile columns and rows at `zoom`.
    public func matrixSize(zoom: Int) -> (columns: Int, rows: Int) {
        (columnsAtZoom0 << zoom, rowsAtZoom0 << zoom)
    }

    /// The width and height of one tile at `zoom`, in `crs` units.
    public func tileSpan(zoom: Int) -> (width: Double, height: Double) {
        let size = matrixSize(zoom: zoom)
        return (world.width / Double(size.columns), world.height / Double(size.rows))
    }

    /// The area of tile `x`, `y` (rows from the top) at `zoom`.
    public func bounds(zoom: Int, x: Int, y: Int) -> GridBounds {
        let span = tileSpan(zoom: zoom)
        return GridBounds(
            minX: world.minX + Double(x) * span.width, minY: world.maxY - Double(y + 1) * span.height,
            maxX: world.minX + Double(x + 1) * span.width, maxY: world.maxY - Double(y) * span.height)
    }

    /// The tiles at `zoom` that share area with `bounds` (in `crs` units), as inclusive column
    /// and row ranges; nil when `bounds` misses the world.
    public func tiles(covering bounds: GridBounds, zoom: Int) -> (x: ClosedRange<Int>, y: ClosedRange<Int>)? {
        let minX = max(bounds.minX, world.minX)
        let maxX = min(bounds.maxX, world.maxX)
        let minY = max(bounds.minY, world.minY)
        let maxY = min(bounds.maxY, world.maxY)
        guard minX < maxX, minY < maxY else { return nil }
        let span = tileSpan(zoom: zoom)
        let size = matrixSize(zoom: zoom)
        func index(_ value: Double, _ span: Double, _ last: Int) -> Int {
            min(max(Int((value / span).rounded(.down)), 0), last)
        }
        // Tiles whose edge merely touches the bounds share no area: step the far edges in.
        let firstX = index(minX - world.minX, span.width, size.columns - 1)
        let lastX = max(firstX, Int(((maxX - world.minX) / span.width).rounded(.up)) - 1)
        let firstY = index(world.maxY - maxY, span.height, size.rows - 1)
        let lastY = max(firstY, Int(((world.maxY - minY) / span.height).rounded(.up)) - 1)
        return (firstX...min(lastX, size.columns - 1), firstY...min(lastY, size.rows - 1))
    }

    /// The OGC scale denominator of `zoom` for 256-pixel tiles: the pixel's size in metres over
    /// the standard rendering pixel of 0.28 mm.
    public func scaleDenominator(zoom: Int) -> Double {
        tileSpan(zoom: zoom).width / Double(WebMercatorQuad.tileSize) * metresPerUnit / 0.000_28
    }

    public var description: String { identifier }
}
