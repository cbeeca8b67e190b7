import CGDAL
import GeoToolz

/// The values of one source pixel, as `gdallocationinfo` reports them: the pixel of the raster
/// at full resolution that contains a point, read as it is stored, without resampling.
public struct PixelValues: Sendable, Hashable {
    /// The bands read, numbered from 1.
    public let bands: [Int]
    /// Each band's value, nil where it is nodata (the band's nodata value, the dataset's mask or
    /// alpha, or the source's nodata override) or not a finite number.
    public let values: [Double?]
    /// The pixel's column in the raster.
    public let column: Int
    /// The pixel's row in the raster.
    public let row: Int

    /// Whether every band holds a value: how a mosaic decides whether a file counts at a pixel.
    public var isValid: Bool { values.allSatisfy { $0 != nil } }
}

extension SourceWarper {
    /// The pixel of the full-resolution raster containing `longitude`/`latitude` (WGS 84), or
    /// nil when the point lies off the raster. Like `gdallocationinfo -wgs84`: the point goes
    /// into the raster's CRS through OSR, then to pixel and line through the inverse
    /// geotransform, floored; then one 1×1 read per band.
    func probe(longitude: Double, latitude: Double, bands: [Int], noData: Double?) throws(GDALError)
        -> PixelValues?
    {
        let dataset = fullResolution.dataset
        let context = "reading a pixel of \(info.path)"
        guard let target = GDALGetSpatialRef(dataset.pointer) else {
            throw GDALError(context, "the raster has no coordinate reference system")
        }
        let lonLat = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(lonLat) }
        OSRSetWellKnownGeogCS(lonLat, "WGS84")
        OSRSetAxisMappingStrategy(lonLat, OAMS_TRADITIONAL_GIS_ORDER)
        // Made per probe rather than kept with the warper: point queries are rare next to tiles.
        let transformation = try GDALRuntime.call(context) { OCTNewCoordinateTransformation(lonLat, target) }
        defer { OCTDestroyCoordinateTransformation(transformation) }
        var x = longitude
        var y = latitude
        var z = 0.0
        // A point the projection cannot take (far outside its area of use) is off the raster.
        guard OCTTransform(transformation, 1, &x, &y, &z) != 0, x.isFinite, y.isFinite else { return nil }
        var forward = info.transform.coefficients
        var inverse = [Double](repeating: 0, count: 6)
        guard GDALInvGeoTransform(&forward, &inverse) != 0 else {
            throw GDALError(context, "the raster's geotransform cannot be inverted")
        }
        let pixel = (inverse[0] + inverse[1] * x + inverse[2] * y).rounded(.down)
        let line = (inverse[3] + inverse[4] * x + inverse[5] * y).rounded(.down)
        guard pixel >= 0, line >= 0, pixel < Double(info.width), line < Double(info.height) else { return nil }
        let column = Int(pixel)
        let row = Int(line)
        var values = [Double?]()
        for number in bands {
            guard let band = dataset.band(number) else {
                throw GDALError(context, "band \(number) does not exist (the raster has \(info.bandCount) bands)")
            }
            var value = 0.0
            try GDALRuntime.check(context) {
                GDALRasterIO(band, GF_Read, Int32(column), Int32(row), 1, 1, &value, 1, 1, GDT_Float64, 0, 0)
            }
            values.append(try Self.isValid(value, band: band, column: column, row: row, noData: noData) ? value : nil)
        }
        return PixelValues(bands: bands, values: values, column: column, row: row)
    }

    /// Whether `value` is data, as a warp would take it: with an override, any value but the
    /// override; otherwise where GDAL's mask of the band (its nodata value, the dataset's mask
    /// or alpha band) is set.
    private static func isValid(
        _ value: Double, band: GDALRasterBandH, column: Int, row: Int, noData: Double?
    ) throws(GDALError) -> Bool {
        guard value.isFinite else { return false }
        if let noData { return noData.isNaN || value != noData }
        guard let mask = GDALGetMaskBand(band) else { return true }
        if GDALGetMaskFlags(band) & GMF_ALL_VALID != 0 { return true }
        var masked: UInt8 = 0
        try GDALRuntime.check("reading the mask of a pixel") {
            GDALRasterIO(mask, GF_Read, Int32(column), Int32(row), 1, 1, &masked, 1, 1, GDT_Byte, 0, 0)
        }
        return masked != 0
    }
}

extension TileReader {
    /// The values of `bands` (numbered from 1; nil = every data band) at the source pixel
    /// containing `longitude`/`latitude`, read through one of the reader's per-thread handles;
    /// nil when the point lies off the raster. `noData`, when given, marks nodata instead of
    /// the file's own nodata values and mask.
    public func probe(longitude: Double, latitude: Double, bands: [Int]? = nil, noData: Double? = nil) throws
        -> PixelValues?
    {
        let bands = bands ?? info.dataBands
        return try opener.guarding { () throws(GDALError) in
            try warpers.withResource { warper throws(GDALError) in
                try warper.probe(longitude: longitude, latitude: latitude, bands: bands, noData: noData)
            }
        }
    }
}
