import CGDAL
import Foundation
import GeoToolz
import TestSupport
import Testing

@testable import GeoToolzIO

/// The sample rasters `make data` fetches into the package's `data/` directory.
enum SampleData {
    /// `<package>/data`, found from this file's location.
    static let directory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("data").path
    }()

    /// The path of a sample raster; fails loudly when `make data` has not been run.
    static func path(_ name: String) throws -> String {
        let path = directory + "/" + name
        try #require(
            FileManager.default.fileExists(atPath: path), "\(path) is missing: run `make data` (scripts/fetch-data.sh)")
        return path
    }

    static var srtm: String { get throws { try path("srtm90.tif") } }
    static var landsat: String { get throws { try path("landsat.tif") } }
}

/// Rasters derived from the samples, made once and kept between test runs in a temporary
/// directory (each is written under a temporary name and renamed, so concurrent runs never
/// see half a file).
enum DerivedData {
    static let directory: String = {
        let path = NSTemporaryDirectory() + "geotoolz-io-tests"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    /// SRTM reprojected to UTM zone 11N, nodata (-32768) around the rotated footprint, with
    /// overviews: a projected source with a nodata value.
    static let utmSRTM: Result<String, Error> = Result {
        try derive("srtm-utm11.tif") { output in
            try GDALTool.run(
                "gdalwarp",
                [
                    "-q", "-overwrite", "-t_srs", "EPSG:32611", "-r", "near", "-dstnodata", "-32768", "-co",
                    "TILED=YES",
                    try SampleData.srtm, output,
                ])
            try GDALTool.run("gdaladdo", ["-q", "-r", "nearest", output, "2", "4", "8"])
        }
    }

    /// SRTM in UTM 11N with an alpha band instead of a nodata value: a masked source.
    static let alphaSRTM: Result<String, Error> = Result {
        try derive("srtm-utm11-alpha.tif") { output in
            try GDALTool.run(
                "gdalwarp",
                [
                    "-q", "-overwrite", "-t_srs", "EPSG:32611", "-r", "near", "-dstalpha", "-tr", "180", "180",
                    try SampleData.srtm, output,
                ])
        }
    }

    /// The path of `name`, made by `make` (given a temporary path) unless it already exists.
    private static func derive(_ name: String, _ make: (String) throws -> Void) throws -> String {
        let path = directory + "/" + name
        if FileManager.default.fileExists(atPath: path) { return path }
        let temporary = directory + "/\(UUID().uuidString)-" + name
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        try make(temporary)
        if rename(temporary, path) != 0 && !FileManager.default.fileExists(atPath: path) {
            throw GDALTool.Failure(description: "cannot move \(temporary) to \(path)")
        }
        return path
    }
}

/// Runs GDAL's command-line tools and reads their output.
enum GDALTool {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs `tool` with `arguments`, failing with its standard error when it fails.
    static func run(_ tool: String, _ arguments: [String]) throws {
        _ = try result(tool, arguments)
    }

    /// Runs `tool` and returns its standard output, trimmed.
    static func output(_ tool: String, _ arguments: [String]) throws -> String {
        try result(tool, arguments).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func result(_ tool: String, _ arguments: [String]) throws -> CommandResult {
        let result = try runToCompletion("/usr/bin/env", [tool] + arguments)
        guard result.status == 0 else {
            throw Failure(description: "\(tool) \(arguments.joined(separator: " ")) failed: \(result.standardError)")
        }
        return result
    }

    /// `gdalwarp`'s rendering of `window` from `source`, every band warped and then `bands` kept
    /// (gdalwarp 3.6 has no band selection): the reference tiles must match.
    static func warp(
        _ source: String, _ window: RasterWindow, bands: [Int]? = nil, resampling: String = "near"
    ) throws -> GeoTensor {
        let output = DerivedData.directory + "/reference-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let b = window.bounds
        try run(
            "gdalwarp",
            [
                "-q", "-overwrite", "-t_srs", "EPSG:3857", "-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)", "\(b.maxY)",
                "-ts", "\(window.width)", "\(window.height)", "-r", resampling, "-ot", "Float32", "-dstnodata", "nan",
                source, output,
            ])
        let all = try read(output)
        guard let bands else { return all }
        return all.replacing(bands: bands.count, values: bands.flatMap { all.band($0 - 1) })
    }

    /// Every band of a raster file, as a tensor (nodata values become NaN).
    static func read(_ path: String) throws -> GeoTensor {
        GDALAllRegister()
        guard let dataset = GDALOpen(path, GA_ReadOnly) else { throw Failure(description: "cannot open \(path)") }
        defer { GDALClose(dataset) }
        let width = Int(GDALGetRasterXSize(dataset))
        let height = Int(GDALGetRasterYSize(dataset))
        let bands = Int(GDALGetRasterCount(dataset))
        var values = [Float](repeating: 0, count: bands * width * height)
        let status = GDALDatasetRasterIO(
            dataset, GF_Read, 0, 0, Int32(width), Int32(height), &values, Int32(width), Int32(height), GDT_Float32,
            Int32(bands), nil, 0, 0, 0)
        guard status == CE_None else { throw Failure(description: "cannot read \(path)") }
        for band in 1...bands {
            var hasNoData: Int32 = 0
            let noData = GDALGetRasterNoDataValue(GDALGetRasterBand(dataset, Int32(band)), &hasNoData)
            guard hasNoData != 0, !noData.isNaN else { continue }
            let start = (band - 1) * width * height
            for index in start..<(start + width * height) where Double(values[index]) == noData {
                values[index] = .nan
            }
        }
        var coefficients = [Double](repeating: 0, count: 6)
        GDALGetGeoTransform(dataset, &coefficients)
        return GeoTensor(
            bands: bands, height: height, width: width, values: values, transform: GeoTransform(gdal: coefficients))
    }
}

/// How closely two renders agree.
struct Agreement: CustomStringConvertible {
    /// Pixels (all bands) whose validity and values agree, as a fraction.
    let fraction: Double
    /// Pixels valid in the reference.
    let validPixels: Int
    /// Pixels invalid in the reference.
    let invalidPixels: Int

    /// Compares pixel by pixel: same validity, and values within `tolerance` where valid.
    init(_ tensor: GeoTensor, _ reference: GeoTensor, tolerance: Float = 0) {
        precondition(
            tensor.bands == reference.bands && tensor.width == reference.width
                && tensor.height == reference.height, "shapes differ")
        var agreeing = 0
        var valid = 0
        for row in 0..<tensor.height {
            for column in 0..<tensor.width {
                let referenceValid = reference.isValid(row: row, column: column)
                if referenceValid { valid += 1 }
                guard tensor.isValid(row: row, column: column) == referenceValid else { continue }
                let same = (0..<tensor.bands).allSatisfy { band in
                    !referenceValid || abs(tensor[band, row, column] - reference[band, row, column]) <= tolerance
                }
                if same { agreeing += 1 }
            }
        }
        fraction = Double(agreeing) / Double(tensor.pixelCount)
        validPixels = valid
        invalidPixels = tensor.pixelCount - valid
    }

    var description: String {
        "agreement \(fraction) (reference: \(validPixels) valid, \(invalidPixels) invalid pixels)"
    }
}
