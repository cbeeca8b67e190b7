import CGDAL
import Foundation
import GeoToolz

/// Writes the overview of a whole mosaic, the raster `overview:` names: the mosaic composited
/// at low resolution through the same reads as its tiles (each file warped as `gdalwarp` would,
/// then combined by the mosaic's method), saved as a Cloud Optimized GeoTIFF in EPSG:3857,
/// Float32, NaN for nodata.
public struct MosaicOverview: Sendable {
    /// Pixels on the long side of the overview.
    public let longSide: Int
    /// How each file is resampled onto the overview's grid.
    public let resampling: Resampling

    /// Side of the windows the overview is read in: every window reads only the files it touches.
    static let chunk = 512

    public init(longSide: Int, resampling: Resampling) {
        precondition(longSide > 0, "an overview has pixels")
        self.longSide = longSide
        self.resampling = resampling
    }

    /// The overview's grid over `mosaic`: its footprint within the world, `longSide` pixels across
    /// its longer side.
    public func window(of mosaic: MosaicSource) throws(GDALError) -> RasterWindow {
        guard let area = mosaic.mercatorBounds.intersection(WebMercatorQuad.world) else {
            throw GDALError("building an overview", "the mosaic lies outside the WebMercatorQuad world")
        }
        let long = max(area.width, area.height)
        return RasterWindow(
            bounds: area, width: max(1, Int((Double(longSide) * area.width / long).rounded())),
            height: max(1, Int((Double(longSide) * area.height / long).rounded())))
    }

    /// Builds the overview of `mosaic` into the COG file at `path` (replaced when it exists).
    public func write(_ mosaic: MosaicSource, to path: String) throws {
        let window = try window(of: mosaic)
        let bands = mosaic.outputBands
        let staging = path + ".staging-\(UUID().uuidString).tif"
        defer { unlink(staging) }
        do {
            let dataset = try GDALRuntime.call("creating \(staging)") { () -> GDALDatasetH? in
                guard let driver = GDALGetDriverByName("GTiff") else { return nil }
                return withStringList(["TILED=YES", "BIGTIFF=IF_SAFER"]) { options in
                    GDALCreate(
                        driver, staging, Int32(window.width), Int32(window.height), Int32(bands), GDT_Float32, options)
                }
            }
            defer { GDALClose(dataset) }
            try Self.georeference(dataset, window, bands: bands)
            for top in stride(from: 0, to: window.height, by: Self.chunk) {
                for left in stride(from: 0, to: window.width, by: Self.chunk) {
                    let part = Self.part(of: window, left: left, top: top)
                    let tensor = try mosaic.readAll(part, resampling: resampling)
                    var values = tensor.values
                    try GDALRuntime.check("writing the overview") {
                        GDALDatasetRasterIO(
                            dataset, GF_Write, Int32(left), Int32(top), Int32(part.width), Int32(part.height),
                            &values, Int32(part.width), Int32(part.height), GDT_Float32, Int32(bands), nil, 0, 0, 0)
                    }
                }
            }
        }
        try Self.translateToCOG(staging, path)
    }

    /// The chunk of `window` whose top-left pixel is (`left`, `top`), on the same grid.
    static func part(of window: RasterWindow, left: Int, top: Int) -> RasterWindow {
        let width = min(chunk, window.width - left)
        let height = min(chunk, window.height - top)
        let transform = window.transform
        let minX = transform.originX + Double(left) * transform.pixelWidth
        let maxY = transform.originY + Double(top) * transform.pixelHeight
        return RasterWindow(
            bounds: MercatorBounds(
                minX: minX, minY: maxY + Double(height) * transform.pixelHeight,
                maxX: minX + Double(width) * transform.pixelWidth, maxY: maxY),
            width: width, height: height)
    }

    private static func georeference(_ dataset: GDALDatasetH, _ window: RasterWindow, bands: Int) throws(GDALError) {
        var coefficients = window.transform.coefficients
        try GDALRuntime.check("georeferencing the overview") { GDALSetGeoTransform(dataset, &coefficients) }
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        OSRImportFromEPSG(srs, 3857)
        try GDALRuntime.check("georeferencing the overview") { GDALSetSpatialRef(dataset, srs) }
        for band in 1...bands {
            try GDALRuntime.check("marking the overview's nodata") {
                GDALSetRasterNoDataValue(GDALGetRasterBand(dataset, Int32(band)), .nan)
            }
        }
    }

    /// Copies the staged GeoTIFF to a COG (tiled, deflated, with its own overviews).
    private static func translateToCOG(_ source: String, _ destination: String) throws(GDALError) {
        let input = try GDALRuntime.call("opening \(source)") { GDALOpen(source, GA_ReadOnly) }
        defer { GDALClose(input) }
        let output = try GDALRuntime.call("writing \(destination)") { () -> GDALDatasetH? in
            guard let driver = GDALGetDriverByName("COG") else { return nil }
            return withStringList(["COMPRESS=DEFLATE", "PREDICTOR=YES"]) { options in
                GDALCreateCopy(driver, destination, input, 0, options, nil, nil)
            }
        }
        GDALClose(output)
    }
}
