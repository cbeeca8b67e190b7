import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Real tiles in every format: lossy formats must be close to the PNG and smaller than it. Sizes
/// and encode times are printed (`swift test --filter TileFormatComparisonTests`); times are of
/// this build, so a debug build's Swift pixel conversion weighs more than it will in release.
@Suite struct TileFormatComparisonTests {
    /// Landsat imagery tiles, all data: the centre of the scene at zooms 11–15 (at 10 a tile is
    /// wider than the scene), 256 and 512 pixels.
    static func imageryTiles(_ name: String) throws -> [(label: String, tensor: GeoTensor)] {
        let layer = try SampleTiles.layer(name)
        var tiles = [(label: String, tensor: GeoTensor)]()
        for zoom in [11, 12, 13, 14, 15] {
            let tile = try SampleTiles.centre(of: layer, zoom: zoom)
            tiles.append(("\(name) \(tile)", try SampleTiles.tensor(layer, tile)))
        }
        let tile = try SampleTiles.centre(of: layer, zoom: 12)
        tiles.append(("\(name) \(tile)@2x", try SampleTiles.tensor(layer, tile, scale: 2)))
        return tiles
    }

    static func row(_ cells: [String]) -> String {
        cells.enumerated().map { index, cell in
            index == 0
                ? cell.padding(toLength: 34, withPad: " ", startingAt: 0)
                : String(repeating: " ", count: max(0, 10 - cell.count)) + cell
        }.joined(separator: " ")
    }

    @Test(arguments: ["landsat-truecolor", "landsat-falsecolor"])
    func lossyFormatsAreCloseToThePNGAndSmaller(_ name: String) throws {
        let png = PNGEncoder()
        let webp = WebPEncoder()
        let jpeg = JPEGEncoder()
        var lines = [Self.row(["tile", "PNG B", "WebP B", "JPEG B", "PNG ms", "WebP ms", "JPEG ms", "RGBA ms"])]
        var quality = [String]()
        for (label, tensor) in try Self.imageryTiles(name) {
            let reference = try RGBAImage.converting(tensor)
            try #require(
                reference.enumerated().allSatisfy { $0.offset % 4 != 3 || $0.element == 255 },
                "\(label) should be all data")
            let pngData = try png.encode(tensor).data
            let webpData = try webp.encode(tensor).data
            let jpegData = try jpeg.encode(tensor).data
            #expect(webpData.count < pngData.count && jpegData.count < pngData.count, "\(label)")
            for (format, data) in [(TileFormat.webp, webpData), (.jpeg, jpegData)] {
                let difference = ImageDifference(try DecodedImage(data, as: format).rgbaPixels, reference: reference)
                #expect(
                    difference.meanAbsolute.allSatisfy { $0 < 5 } && difference.psnr > 30,
                    "\(label) \(format): \(difference)")
                quality.append("\(label) \(format): \(difference)")
            }
            let times = [
                try SampleTiles.medianMilliseconds { _ = try png.encode(tensor) },
                try SampleTiles.medianMilliseconds { _ = try webp.encode(tensor) },
                try SampleTiles.medianMilliseconds { _ = try jpeg.encode(tensor) },
                try SampleTiles.medianMilliseconds { _ = try RGBAImage.converting(tensor) },
            ]
            lines.append(
                Self.row(
                    [label] + [pngData.count, webpData.count, jpegData.count].map(String.init)
                        + times.map { String(format: "%.2f", $0) }))
        }
        print(
            (["\(name): sizes and median encode times (RGBA ms: the tensor-to-RGBA conversion all three share)"] + lines
                + quality).joined(separator: "\n"))
    }

    @Test(arguments: ["elevation", "hillshade", "landsat-ndvi", "landsat-landcover"])
    func losslessWebPOfColormappedTiles(_ name: String) throws {
        let layer = try SampleTiles.layer(name)
        var lines = [Self.row(["tile", "PNG B", "WebP B", "PNG ms", "WebP ms"])]
        for zoom in [layer.minZoom + 1, (layer.minZoom + layer.maxZoom) / 2] {
            let tile = try SampleTiles.centre(of: layer, zoom: zoom)
            let tensor = try SampleTiles.tensor(layer, tile)
            let png = try PNGEncoder().encode(tensor).data
            let webp = try WebPEncoder().encode(tensor).data
            let times = [
                try SampleTiles.medianMilliseconds { _ = try PNGEncoder().encode(tensor) },
                try SampleTiles.medianMilliseconds { _ = try WebPEncoder().encode(tensor) },
            ]
            lines.append(
                Self.row(
                    ["\(name) \(tile)", String(png.count), String(webp.count)]
                        + times.map { String(format: "%.2f", $0) }))
        }
        print(lines.joined(separator: "\n"))
    }

    /// Sizes and times over libwebp's methods and lossless efforts and TurboJPEG's settings, to
    /// choose the defaults: `GEOTOOLZ_ENCODER_SWEEP=1 swift test --skip-build --filter sweep`.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["GEOTOOLZ_ENCODER_SWEEP"] != nil))
    func sweep() throws {
        let imagery = try Self.imageryTiles("landsat-truecolor").map(\.tensor)
        let ndvi = try SampleTiles.layer("landsat-ndvi")
        let elevation = try SampleTiles.layer("elevation")
        let colormapped = try [(ndvi, 10), (ndvi, 12), (elevation, 8), (elevation, 10)].map { layer, zoom in
            try SampleTiles.tensor(layer, try SampleTiles.centre(of: layer, zoom: zoom))
        }
        func measure(_ label: String, _ tensors: [GeoTensor], _ encode: (GeoTensor) throws -> Data) throws {
            var bytes = 0
            var milliseconds = 0.0
            for tensor in tensors {
                bytes += try encode(tensor).count
                milliseconds += try SampleTiles.medianMilliseconds(runs: 5) { _ = try encode(tensor) }
            }
            print(
                Self.row([
                    label, String(bytes / tensors.count), String(format: "%.2f", milliseconds / Double(tensors.count)),
                ]))
        }
        print(Self.row(["settings (mean per tile)", "bytes", "ms"]))
        for method in 0...6 {
            try measure("webp lossy q80 m\(method)", imagery) { try WebPEncoder(method: method).encode($0).data }
        }
        for method in [0, 1, 2, 4, 6] {
            for effort: Float in [0, 25, 50, 75] {
                try measure("webp lossless m\(method) e\(Int(effort))", colormapped) {
                    try WebPEncoder(method: method, losslessEffort: effort).encode($0).data
                }
            }
        }
        try measure("png colormapped", colormapped) { try PNGEncoder().encode($0).data }
        try measure("png imagery", imagery) { try PNGEncoder().encode($0).data }
        for quality in [75, 85, 90] {
            for subsampling in JPEGSubsampling.allCases {
                try measure("jpeg q\(quality) \(subsampling.rawValue)", imagery) {
                    try JPEGEncoder(quality: quality, subsampling: subsampling).encode($0).data
                }
            }
        }
    }
}
