import CGDAL
import GeoToolz

/// One band of a raster as `gdalinfo` describes it.
public struct BandDescription: Sendable, Hashable {
    /// The band's number, from 1.
    public let band: Int
    /// GDAL's name of its data type: `Byte`, `Int16`, `Float32`, …
    public let dataType: String
    /// GDAL's colour interpretation: `Gray`, `Red`, `Alpha`, `Undefined`, …
    public let colorInterpretation: String
    /// Its nodata value, nil when it has none.
    public let noData: Double?
    /// The size of each overview, finest first: [columns, rows].
    public let overviews: [[Int]]
}

/// A raster's CRS, as a client names it.
public struct CRSName: Sendable, Hashable {
    /// `AUTHORITY:CODE` (`EPSG:32611`) when GDAL can identify one, else nil.
    public let code: String?
    /// The CRS's name (`WGS 84 / UTM zone 11N`).
    public let name: String
    /// The CRS as WKT.
    public let wkt: String

    /// Names the CRS `wkt` describes, identifying its EPSG code as `gdalsrsinfo` does.
    public init(wkt: String) {
        self.wkt = wkt
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        // Read as WKT only: user-input parsing would also open files and URLs it names.
        let imported = wkt.withCString { text -> OGRErr in
            var cursor: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: text)
            return OSRImportFromWkt(srs, &cursor)
        }
        guard imported == OGRERR_NONE else {
            code = nil
            name = ""
            return
        }
        name = OSRGetName(srs).map { String(cString: $0) } ?? ""
        // A WKT without an authority may still match one (a file's CRS written by other tools).
        if OSRGetAuthorityCode(srs, nil) == nil { _ = OSRAutoIdentifyEPSG(srs) }
        if let authority = OSRGetAuthorityName(srs, nil), let number = OSRGetAuthorityCode(srs, nil) {
            code = "\(String(cString: authority)):\(String(cString: number))"
        } else {
            code = nil
        }
    }
}

extension SourceWarper {
    /// Every band of the full-resolution raster, read from this thread's handle.
    func describeBands() -> [BandDescription] {
        let dataset = fullResolution.dataset
        return (1...info.bandCount).compactMap { number -> BandDescription? in
            guard let band = dataset.band(number) else { return nil }
            let overviews = (0..<Int(GDALGetOverviewCount(band))).compactMap { level -> [Int]? in
                guard let overview = GDALGetOverview(band, Int32(level)) else { return nil }
                return [Int(GDALGetRasterBandXSize(overview)), Int(GDALGetRasterBandYSize(overview))]
            }
            return BandDescription(
                band: number,
                dataType: String(cString: GDALGetDataTypeName(GDALGetRasterDataType(band))),
                colorInterpretation: String(
                    cString: GDALGetColorInterpretationName(GDALGetRasterColorInterpretation(band))),
                noData: info.noData[number - 1], overviews: overviews)
        }
    }

    /// The short name of the driver that opened the raster (`GTiff`, `VRT`, …).
    var driverName: String {
        guard let driver = GDALGetDatasetDriver(fullResolution.dataset.pointer) else { return "" }
        return String(cString: GDALGetDriverShortName(driver))
    }
}

extension TileReader {
    /// The raster's bands as `gdalinfo` describes them, and the driver that reads it: read
    /// through one of the reader's per-thread handles.
    public func describe() throws -> (driver: String, bands: [BandDescription]) {
        try opener.guarding { () throws(GDALError) in
            try warpers.withResource { warper throws(GDALError) in (warper.driverName, warper.describeBands()) }
        }
    }
}
