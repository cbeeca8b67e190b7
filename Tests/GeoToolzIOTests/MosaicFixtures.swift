import CGDAL
import Foundation
import GeoToolz
import TestSupport

@testable import GeoToolzIO

/// Mosaics made from the sample rasters, kept between test runs like `DerivedData`: each fixture
/// is a data directory of its own, built under a temporary name and renamed when complete.
enum MosaicFixtures {
    /// `make data`'s demo mosaic, built by `scripts/build-mosaic.sh` into a directory of its own:
    /// SRTM cut into 3 × 3 overlapping pieces in EPSG:4326, EPSG:32611 and EPSG:3857.
    static let demo: Result<String, Error> = Result {
        try fixture("demo") { directory in
            try FileManager.default.createSymbolicLink(
                atPath: directory + "/srtm90.tif", withDestinationPath: try SampleData.srtm)
            try GDALTool.run(
                "bash", [PackagePaths.root.appendingPathComponent("scripts/build-mosaic.sh").path, directory])
            // The link leads out of the directory: only the pieces are inside it.
            try FileManager.default.removeItem(atPath: directory + "/srtm90.tif")
        }
    }

    /// Two overlapping rasters with different values, for the mosaic methods: `a.tif` is a
    /// window of SRTM in EPSG:4326; `b.tif` an overlapping window shifted up by 1000 m, in UTM 11N
    /// with a nodata value; `c.tif` a third window, in EPSG:3857 as Float32.
    static let stack: Result<String, Error> = Result {
        try fixture("stack") { directory in
            let srtm = try SampleData.srtm
            try GDALTool.run(
                "gdal_translate", ["-q", "-srcwin", "1200", "600", "900", "700", srtm, directory + "/a.tif"])
            let shifted = directory + "/shifted.tif"
            try GDALTool.run(
                "gdal_translate",
                ["-q", "-srcwin", "1600", "900", "900", "700", "-scale", "0", "4000", "1000", "5000", srtm, shifted])
            try GDALTool.run(
                "gdalwarp",
                ["-q", "-t_srs", "EPSG:32611", "-r", "bilinear", "-dstnodata", "-32768", shifted, directory + "/b.tif"])
            try FileManager.default.removeItem(atPath: shifted)
            let third = directory + "/third.tif"
            try GDALTool.run("gdal_translate", ["-q", "-srcwin", "1400", "1100", "700", "500", srtm, third])
            try GDALTool.run(
                "gdalwarp",
                [
                    "-q", "-t_srs", "EPSG:3857", "-r", "bilinear", "-ot", "Float32", "-dstnodata", "-9999", third,
                    directory + "/c.tif",
                ])
            try FileManager.default.removeItem(atPath: third)
            // An overview of the whole stack at low resolution, for tiles over too many files.
            try GDALTool.run(
                "gdalwarp",
                [
                    "-q", "-t_srs", "EPSG:3857", "-tr", "1000", "1000", "-r", "bilinear", "-ot", "Float32",
                    "-dstnodata", "nan", directory + "/c.tif", directory + "/b.tif", directory + "/a.tif",
                    directory + "/overview.tif",
                ])
        }
    }

    /// 10,000 rasters of 16 × 16 bytes in EPSG:4326, a 100 × 100 grid of 0.01° cells over
    /// 120°–119° W, 37°–38° N, in 100 directories (`grid/r00/c00.tif` …), written through GDAL's
    /// API; the value of each is its column + 1.
    static let tenThousand: Result<String, Error> = Result {
        try fixture("grid-10000") { directory in
            GDALAllRegister()
            let driver = try require_(GDALGetDriverByName("GTiff"), "the GTiff driver")
            let srs = OSRNewSpatialReference(nil)
            defer { OSRDestroySpatialReference(srs) }
            OSRImportFromEPSG(srs, 4326)
            var values = [UInt8](repeating: 0, count: 256)
            for row in 0..<100 {
                let folder = directory + String(format: "/grid/r%02d", row)
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                for column in 0..<100 {
                    let path = folder + String(format: "/c%02d.tif", column)
                    guard let dataset = GDALCreate(driver, path, 16, 16, 1, GDT_Byte, nil) else {
                        throw GDALTool.Failure(description: "cannot create \(path)")
                    }
                    var transform = [
                        -120 + 0.01 * Double(column), 0.01 / 16, 0, 38 - 0.01 * Double(row), 0, -0.01 / 16,
                    ]
                    GDALSetGeoTransform(dataset, &transform)
                    GDALSetSpatialRef(dataset, srs)
                    for index in values.indices { values[index] = UInt8(column + 1) }
                    _ = GDALRasterIO(
                        GDALGetRasterBand(dataset, 1), GF_Write, 0, 0, 16, 16, &values, 16, 16, GDT_Byte, 0, 0)
                    GDALClose(dataset)
                }
            }
        }
    }

    /// The directory `name`, made by `make` (given an empty directory) unless it already exists.
    private static func fixture(_ name: String, _ make: (String) throws -> Void) throws -> String {
        let path = DerivedData.directory + "/mosaic-" + name
        if FileManager.default.fileExists(atPath: path) { return path }
        let temporary = DerivedData.directory + "/\(UUID().uuidString)-mosaic-" + name
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try make(temporary)
        if rename(temporary, path) != 0 && !FileManager.default.fileExists(atPath: path) {
            throw GDALTool.Failure(description: "cannot move \(temporary) to \(path)")
        }
        return path
    }
}

/// `value`, or a failure naming what was missing.
private func require_<T>(_ value: T?, _ what: String = "a value") throws -> T {
    guard let value else { throw GDALTool.Failure(description: "missing \(what)") }
    return value
}

extension GDALTool {
    /// `gdalwarp`'s rendering of `window` from several files, composited as gdalwarp does: each
    /// file in turn overwrites the pixels where it has data.
    static func warp(_ sources: [String], _ window: RasterWindow, resampling: String) throws -> GeoTensor {
        let output = DerivedData.directory + "/reference-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let b = window.bounds
        try run(
            "gdalwarp",
            [
                "-q", "-overwrite", "-t_srs", "EPSG:3857", "-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)", "\(b.maxY)",
                "-ts", "\(window.width)", "\(window.height)", "-r", resampling, "-ot", "Float32", "-dstnodata", "nan",
            ] + sources + [output])
        return try read(output)
    }
}
