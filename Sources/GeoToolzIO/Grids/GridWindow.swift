import CGDAL
import GeoToolz

/// A north-up grid of pixels over a rectangle in any CRS: what one read produces. Tiles are
/// `RasterWindow`s, EPSG:3857 windows that read through the same path (`RasterWindow.grid`).
public struct GridWindow: Sendable, Hashable {
    /// The CRS of `bounds` and of the pixels read.
    public let crs: GridCRS
    /// The area covered, edge to edge, in `crs` units.
    public let bounds: GridBounds
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int

    /// A window of `width` × `height` pixels spanning `bounds` in `crs`.
    public init(crs: GridCRS, bounds: GridBounds, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a window has at least one pixel")
        precondition(bounds.width > 0 && bounds.height > 0, "a window covers some area")
        self.crs = crs
        self.bounds = bounds
        self.width = width
        self.height = height
    }

    /// The window grown by `margin` pixels on every side, at the same resolution.
    public func padded(by margin: Int) -> GridWindow {
        guard margin != 0 else { return self }
        let dx = Double(margin) * bounds.width / Double(width)
        let dy = Double(margin) * bounds.height / Double(height)
        return GridWindow(
            crs: crs,
            bounds: GridBounds(
                minX: bounds.minX - dx, minY: bounds.minY - dy, maxX: bounds.maxX + dx, maxY: bounds.maxY + dy),
            width: width + 2 * margin, height: height + 2 * margin)
    }

    /// Pixel → `crs` coordinates of this window.
    public var transform: GeoTransform {
        GeoTransform(
            originX: bounds.minX, pixelWidth: bounds.width / Double(width),
            originY: bounds.maxY, pixelHeight: -bounds.height / Double(height))
    }

    /// Pixels in the window.
    public var pixelCount: Int { width * height }

    /// The EPSG:3857 box around the window (edges densified), within the WebMercatorQuad world:
    /// what indexes of footprints in EPSG:3857 are asked with. Nil when no part of the window
    /// can be placed in longitude/latitude.
    public var mercatorFootprint: MercatorBounds? {
        if crs.isWebMercator {
            return MercatorBounds(minX: bounds.minX, minY: bounds.minY, maxX: bounds.maxX, maxY: bounds.maxY)
        }
        guard let lonLat = geographicFootprint else { return nil }
        let world = WebMercatorQuad.world
        let clamped = GeoBounds(
            west: max(lonLat.west, -180), south: max(lonLat.south, -WebMercatorQuad.maxLatitude),
            east: min(lonLat.east, 180), north: min(lonLat.north, WebMercatorQuad.maxLatitude))
        guard clamped.west < clamped.east, clamped.south < clamped.north else { return nil }
        return clamped.mercator.intersection(world)
    }

    /// The longitude/latitude box around the window, its edges densified as gdalwarp does.
    public var geographicFootprint: GeoBounds? {
        if crs.epsg == 4326 {
            return GeoBounds(west: bounds.minX, south: bounds.minY, east: bounds.maxX, north: bounds.maxY)
        }
        let srs = crs.spatialReference()
        defer { OSRDestroySpatialReference(srs) }
        guard let transformation = try? FootprintProjections.makeTransformation(from: srs, path: crs.description)
        else { return nil }
        defer { OCTDestroyCoordinateTransformation(transformation) }
        var west = 0.0
        var south = 0.0
        var east = 0.0
        var north = 0.0
        guard
            OCTTransformBounds(
                transformation, bounds.minX, bounds.minY, bounds.maxX, bounds.maxY, &west, &south, &east, &north, 21)
                != 0, west.isFinite, south.isFinite, east.isFinite, north.isFinite
        else { return nil }
        if west > east {
            west = -180
            east = 180
        }
        return GeoBounds(west: west, south: south, east: east, north: north)
    }
}

extension RasterWindow {
    /// The same pixels as a window of the read path.
    public var grid: GridWindow {
        GridWindow(crs: .webMercator, bounds: GridBounds(bounds), width: width, height: height)
    }
}
