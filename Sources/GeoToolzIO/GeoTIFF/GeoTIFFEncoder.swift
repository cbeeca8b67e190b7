import CGDAL
import Foundation
import GeoToolz

/// Writes a tensor as a georeferenced GeoTIFF: every band as Float32, NaN as nodata, the
/// tensor's geotransform and CRS. The file is made by GDAL's GTiff driver in memory (`/vsimem`),
/// so what clients get is what `gdal_translate` would write, readable by any GIS.
public struct GeoTIFFEncoder: Sendable, Hashable {
    /// The `Content-Type` of the files.
    public static let mediaType = "image/tiff"

    public init() {}

    /// The GeoTIFF's bytes. The tensor's `crs` is `EPSG:n` or WKT, as the read path writes it.
    public func encode(_ tensor: GeoTensor) throws(GDALError) -> Data {
        let context = "writing a \(tensor.width)×\(tensor.height) GeoTIFF"
        let memory = try DatasetHandle.memory(width: tensor.width, height: tensor.height, bands: tensor.bands)
        var values = tensor.values
        try GDALRuntime.check(context) {
            GDALDatasetRasterIO(
                memory.pointer, GF_Write, 0, 0, Int32(tensor.width), Int32(tensor.height), &values,
                Int32(tensor.width), Int32(tensor.height), GDT_Float32, Int32(tensor.bands), nil, 0, 0, 0)
        }
        var coefficients = tensor.transform.coefficients
        try GDALRuntime.check(context) { GDALSetGeoTransform(memory.pointer, &coefficients) }
        let srs = try Self.spatialReference(tensor.crs, context: context)
        defer { OSRDestroySpatialReference(srs) }
        try GDALRuntime.check(context) { GDALSetSpatialRef(memory.pointer, srs) }
        for band in 1...tensor.bands {
            try GDALRuntime.check(context) { GDALSetRasterNoDataValue(memory.band(band), .nan) }
        }
        // A name of its own: concurrent writes on other threads each have their file.
        let path = "/vsimem/geotoolz-\(UUID().uuidString).tif"
        defer { VSIUnlink(path) }
        let copy = try GDALRuntime.call(context) { () -> GDALDatasetH? in
            guard let driver = GDALGetDriverByName("GTiff") else { return nil }
            // Floating-point prediction makes DEFLATE work on Float32 values.
            return withStringList(["COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES"]) { options in
                GDALCreateCopy(driver, path, memory.pointer, 0, options, nil, nil)
            }
        }
        // Closing the copy flushes it into the in-memory file.
        GDALClose(copy)
        var length: vsi_l_offset = 0
        guard let buffer = VSIGetMemFileBuffer(path, &length, 0) else {
            throw GDALError(context, "GDAL wrote no file")
        }
        return Data(bytes: buffer, count: Int(length))
    }

    /// The tensor's CRS, read without `SetFromUserInput` (which also opens files and URLs).
    private static func spatialReference(_ crs: String, context: String) throws(GDALError) -> OGRSpatialReferenceH {
        let srs = OSRNewSpatialReference(nil)!
        let status: OGRErr
        if crs.uppercased().hasPrefix("EPSG:"), let code = Int32(crs.dropFirst(5)) {
            status = OSRImportFromEPSG(srs, code)
        } else {
            var text: UnsafeMutablePointer<CChar>? = strdup(crs)
            let start = text
            defer { free(start) }
            status = OSRImportFromWkt(srs, &text)
        }
        guard status == OGRERR_NONE else {
            OSRDestroySpatialReference(srs)
            throw GDALError(context, "the tensor's CRS '\(crs.prefix(64))' is neither EPSG:n nor WKT")
        }
        return srs
    }
}
