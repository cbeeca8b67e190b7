import CGDAL

/// Longitude/latitude (EPSG:4326, longitude first) to a grid's CRS: where areas given in
/// degrees (a bounding box, a GeoJSON polygon) land on a source's own grid. Used by one thread.
final class LonLatProjection {
    /// Nil when the grid is in longitude/latitude already: points stay as they are.
    private let transformation: OGRCoordinateTransformationH?

    init(to crs: GridCRS) throws(GDALError) {
        if crs.epsg == 4326 {
            transformation = nil
            return
        }
        let lonLat = GridCRS.lonLat.spatialReference()
        defer { OSRDestroySpatialReference(lonLat) }
        let target = crs.spatialReference()
        defer { OSRDestroySpatialReference(target) }
        transformation = try GDALRuntime.call("relating longitude/latitude to \(crs)") {
            OCTNewCoordinateTransformation(lonLat, target)
        }
    }

    deinit {
        if let transformation { OCTDestroyCoordinateTransformation(transformation) }
    }

    /// The box around `area` in the grid's CRS, edges densified; nil when it cannot be projected.
    func bounds(_ area: GeoBounds) -> GridBounds? {
        guard let transformation else {
            return GridBounds(minX: area.west, minY: area.south, maxX: area.east, maxY: area.north)
        }
        var minX = 0.0
        var minY = 0.0
        var maxX = 0.0
        var maxY = 0.0
        guard
            OCTTransformBounds(
                transformation, area.west, area.south, area.east, area.north, &minX, &minY, &maxX, &maxY, 21) != 0,
            minX.isFinite, minY.isFinite, maxX.isFinite, maxY.isFinite, maxX > minX, maxY > minY
        else { return nil }
        return GridBounds(minX: minX, minY: minY, maxX: maxX, maxY: maxY)
    }

    /// Projects points in place; false when any cannot be projected.
    func project(x: inout [Double], y: inout [Double]) -> Bool {
        guard let transformation else { return true }
        var success = [Int32](repeating: 0, count: x.count)
        let done = OCTTransformEx(transformation, Int32(x.count), &x, &y, nil, &success)
        return done != 0 && !success.contains(0)
    }
}
