import CGDAL
import GeoToolz

/// What a reader learns about a raster when it opens it: read once, then shared by every thread.
public struct RasterSourceInfo: Sendable, Hashable {
    /// The path GDAL opened.
    public let path: String
    /// Columns of the full-resolution raster.
    public let width: Int
    /// Rows of the full-resolution raster.
    public let height: Int
    /// Number of bands, the alpha band included.
    public let bandCount: Int
    /// Pixel → source CRS coordinates.
    public let transform: GeoTransform
    /// The source CRS as WKT.
    public let crsWKT: String
    /// Each band's nodata value (nil where the band has none), by band index from 0.
    public let noData: [Double?]
    /// The band GDAL marks as alpha (numbered from 1), which masks the others rather than being data.
    public let alphaBand: Int?
    /// The width of each overview level, finest first: how gdalwarp chooses an overview.
    public let overviewWidths: [Int]
    /// The height of each overview level, finest first.
    public let overviewHeights: [Int]
    /// The raster's footprint in longitude/latitude.
    public let geographicBounds: GeoBounds
    /// The footprint in EPSG:3857, within the WebMercatorQuad world.
    public let mercatorBounds: MercatorBounds

    /// The bands that hold data (every band but the alpha band), numbered from 1.
    public var dataBands: [Int] {
        (1...bandCount).filter { $0 != alphaBand }
    }

    /// Reads the description of an open dataset; `projections` reuses the transformations to
    /// longitude/latitude of CRSs seen before (describing many files in few CRSs).
    static func describe(_ dataset: DatasetHandle, path: String, projections: FootprintProjections? = nil)
        throws(GDALError) -> RasterSourceInfo
    {
        let bandCount = dataset.bandCount
        guard bandCount > 0 else { throw GDALError("opening \(path)", "the file has no raster bands") }
        var coefficients = [Double](repeating: 0, count: 6)
        guard GDALGetGeoTransform(dataset.pointer, &coefficients) == CE_None else {
            throw GDALError("opening \(path)", "the raster has no geotransform, so it cannot be placed on a map")
        }
        guard let srs = GDALGetSpatialRef(dataset.pointer) else {
            throw GDALError("opening \(path)", "the raster has no coordinate reference system")
        }
        let transform = GeoTransform(gdal: coefficients)
        var noData = [Double?]()
        var alphaBand: Int?
        for number in 1...bandCount {
            let band = dataset.band(number)
            var hasNoData: Int32 = 0
            let value = GDALGetRasterNoDataValue(band, &hasNoData)
            noData.append(hasNoData != 0 ? value : nil)
            if GDALGetRasterColorInterpretation(band) == GCI_AlphaBand, number == bandCount { alphaBand = number }
        }
        let firstBand = dataset.band(1)
        let overviewWidths = (0..<Int(GDALGetOverviewCount(firstBand))).map { level in
            Int(GDALGetRasterBandXSize(GDALGetOverview(firstBand, Int32(level))))
        }
        let overviewHeights = (0..<Int(GDALGetOverviewCount(firstBand))).map { level in
            Int(GDALGetRasterBandYSize(GDALGetOverview(firstBand, Int32(level))))
        }
        var wkt: UnsafeMutablePointer<CChar>?
        OSRExportToWkt(srs, &wkt)
        defer { VSIFree(wkt) }
        let crsWKT = wkt.map { String(cString: $0) } ?? ""
        let geographic: GeoBounds
        if let projections {
            let transformation = try projections.transformation(from: srs, wkt: crsWKT, path: path)
            geographic = try footprint(
                transformation, transform, width: dataset.width, height: dataset.height, path: path)
        } else {
            let transformation = try FootprintProjections.makeTransformation(from: srs, path: path)
            defer { OCTDestroyCoordinateTransformation(transformation) }
            geographic = try footprint(
                transformation, transform, width: dataset.width, height: dataset.height, path: path)
        }
        return RasterSourceInfo(
            path: path, width: dataset.width, height: dataset.height, bandCount: bandCount,
            transform: transform, crsWKT: crsWKT, noData: noData,
            alphaBand: alphaBand, overviewWidths: overviewWidths, overviewHeights: overviewHeights,
            geographicBounds: geographic,
            mercatorBounds: geographic.mercator)
    }

    /// The longitude/latitude box around the raster's footprint, edges densified as gdalwarp does.
    private static func footprint(
        _ transformation: OGRCoordinateTransformationH, _ transform: GeoTransform, width: Int, height: Int,
        path: String
    ) throws(GDALError) -> GeoBounds {
        let corners = [(0.0, 0.0), (Double(width), 0), (0, Double(height)), (Double(width), Double(height))]
            .map { transform.apply(column: $0.0, row: $0.1) }
        var west = 0.0
        var south = 0.0
        var east = 0.0
        var north = 0.0
        try GDALRuntime.check("finding the longitude/latitude bounds of \(path)") {
            let done = OCTTransformBounds(
                transformation, corners.map(\.x).min()!, corners.map(\.y).min()!,
                corners.map(\.x).max()!, corners.map(\.y).max()!, &west, &south, &east, &north, 21)
            return done != 0 ? CE_None : CE_Failure
        }
        // A footprint across the antimeridian comes back with west > east: keep every longitude.
        if west > east {
            west = -180
            east = 180
        }
        return GeoBounds(west: west, south: south, east: east, north: north)
    }
}
