import CGDAL

/// Transformations from rasters' CRSs to longitude/latitude, kept by the CRS's WKT: setting one
/// up (a PROJ pipeline) costs more than opening a small file, and a mosaic of thousands of files
/// holds few CRSs. Used by one thread at a time, like the transformations themselves.
final class FootprintProjections {
    private var transformations: [String: OGRCoordinateTransformationH] = [:]

    init() {}

    deinit {
        for transformation in transformations.values { OCTDestroyCoordinateTransformation(transformation) }
    }

    /// The transformation from `srs` (whose WKT is `wkt`) to longitude/latitude, made on first use.
    func transformation(from srs: OGRSpatialReferenceH, wkt: String, path: String) throws(GDALError)
        -> OGRCoordinateTransformationH
    {
        if let known = transformations[wkt] { return known }
        let made = try Self.makeTransformation(from: srs, path: path)
        transformations[wkt] = made
        return made
    }

    /// A new transformation from `srs` to longitude/latitude (longitude first); the caller destroys it.
    static func makeTransformation(from srs: OGRSpatialReferenceH, path: String) throws(GDALError)
        -> OGRCoordinateTransformationH
    {
        let lonLat = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(lonLat) }
        OSRImportFromEPSG(lonLat, 4326)
        OSRSetAxisMappingStrategy(lonLat, OAMS_TRADITIONAL_GIS_ORDER)
        return try GDALRuntime.call("relating the CRS of \(path) to longitude/latitude") {
            OCTNewCoordinateTransformation(srs, lonLat)
        }
    }
}
