import CGDAL
import Foundation
import Testing

@testable import GeoToolzIO

/// A WebP or JPEG read back with GDAL's own driver (libwebp's decoder, libjpeg's): a decoder
/// independent of the encoders under test, as `DecodedPNG` is for PNG.
struct DecodedImage {
    let width: Int
    let height: Int
    /// Pixel bytes per band: 3 (RGB) or 4 (RGBA).
    let bands: [[UInt8]]

    /// GDAL's driver of each format.
    static func driver(_ format: TileFormat) -> String {
        switch format {
        case .png: "PNG"
        case .webp: "WEBP"
        case .jpeg: "JPEG"
        case .geotiff: "GTiff"
        }
    }

    /// Decodes `data`; fails when GDAL's driver for `format` cannot read it.
    init(_ data: Data, as format: TileFormat) throws {
        let path = DerivedData.directory + "/decoded-\(UUID().uuidString).\(format.fileExtension)"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        GDALAllRegister()
        try #require(
            GDALGetDriverByName(Self.driver(format)) != nil,
            "GDAL has no \(Self.driver(format)) driver: the tests decode \(format) tiles with it")
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        guard let dataset = GDALOpen(path, GA_ReadOnly) else {
            throw GDALTool.Failure(
                description: "GDAL cannot open the \(format): \(String(cString: CPLGetLastErrorMsg()))")
        }
        defer { GDALClose(dataset) }
        try #require(String(cString: GDALGetDriverShortName(GDALGetDatasetDriver(dataset))) == Self.driver(format))
        (width, height, bands) = try byteBands(of: dataset, what: "\(format)")
    }

    /// The colour of one pixel as RGBA (opaque when the file has no alpha).
    func rgba(_ pixel: Int) -> [UInt8] {
        bands.map { $0[pixel] } + (bands.count == 3 ? [255] : [])
    }

    /// Every pixel as RGBA, row by row.
    var rgbaPixels: [UInt8] {
        (0..<(width * height)).flatMap { rgba($0) }
    }
}
