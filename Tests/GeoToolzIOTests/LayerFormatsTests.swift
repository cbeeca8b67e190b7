import Foundation
import GeoToolz
import TestSupport
import Testing

@testable import GeoToolzIO

/// A layer's tiles in each format it serves, read back with GDAL's own decoders.
@Suite struct LayerFormatsTests {
    static let sierra = (zoom: 11, x: 346, y: 792)

    static func layers(_ files: [String: String]) throws -> [String: Layer] {
        Dictionary(uniqueKeysWithValues: try DemoLayers.custom(files).map { ($0.name, $0) })
    }

    static let elevationYAML = """
        source: srtm90.tif
        resampling: bilinear
        outside: transparent
        pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
        """

    @Test func everyFormatDrawsThePNGsPixels() throws {
        let layer = try #require(try Self.layers(["dem": Self.elevationYAML])["dem"])
        #expect(layer.formats == .all)
        let tile = try TileID(zoom: Self.sierra.zoom, x: Self.sierra.x, y: Self.sierra.y)
        let png = try layer.render(tile)
        #expect(png.format == .png && png.form != nil)
        let decoded = try DecodedPNG(png.data)
        let reference = (0..<(decoded.width * decoded.height)).flatMap { decoded.rgba($0) }
        // A colormapped tile is written losslessly as WebP: the same pixels.
        let webp = try layer.render(tile, format: .webp)
        #expect(webp.format == .webp && webp.form == nil)
        #expect(try DecodedImage(webp.data, as: .webp).rgbaPixels == reference)
        // JPEG is lossy: close, not equal.
        let jpeg = try layer.render(tile, format: .jpeg)
        let difference = ImageDifference(try DecodedImage(jpeg.data, as: .jpeg).rgbaPixels, reference: reference)
        #expect(difference.psnr > 30, "\(difference)")
    }

    @Test func formatsAndFillComeFromTheLayerFile() throws {
        let layers = try Self.layers([
            "webp-first": Self.elevationYAML + "\nformats: [webp, png]",
            "filled": Self.elevationYAML + "\nformats: [jpg]\nfill: '#ff0000'",
        ])
        let webpFirst = try #require(layers["webp-first"])
        #expect(webpFirst.formats.served == [.webp, .png] && webpFirst.formats.primary == .webp)
        let tile = try TileID(zoom: Self.sierra.zoom, x: Self.sierra.x, y: Self.sierra.y)
        #expect(try webpFirst.render(tile).format == .webp)
        #expect {
            try webpFirst.render(tile, format: .jpeg)
        } throws: { error in
            "\(error)" == "layer 'webp-first' serves webp, png tiles, not jpg"
        }
        // A tile without data in a JPEG-only layer: the fill colour, everywhere.
        let filled = try #require(layers["filled"])
        let empty = try DecodedImage(try filled.transparentTile(format: .jpeg), as: .jpeg)
        let centre = empty.rgba(128 * 256 + 128)
        #expect(centre[0] > 240 && centre[1] < 15 && centre[2] < 15, "\(centre)")
    }

    @Test func badFormatsAreLocatedErrors() throws {
        for (extra, message) in [
            ("formats: [png, gif]", "layer.formats[1]: 'gif' is not a tile format; formats are png, webp, jpg, tif"),
            ("formats: []", "layer.formats: formats is a non-empty list of png, webp, jpg, tif"),
            ("fill: '#ff000080'", "layer.fill: fill is an opaque colour, such as '#ffffff' or [255, 255, 255]"),
        ] {
            #expect {
                _ = try Self.layers(["bad": Self.elevationYAML + "\n" + extra])
            } throws: { error in
                "\(error)".contains(message)
            }
        }
    }

    @Test func terrainTilesAreLosslessOnly() throws {
        let terrain = """
            source: srtm90.tif
            resampling: bilinear
            pipeline: {_target_: TerrainRGB}
            """
        let layer = try #require(try Self.layers(["heights": terrain])["heights"])
        #expect(layer.formats == .lossless)
        // Lossless WebP: the same bytes per pixel as the PNG, so the same heights.
        let tile = try TileID(zoom: Self.sierra.zoom, x: Self.sierra.x, y: Self.sierra.y)
        let decoded = try DecodedPNG(try layer.render(tile).data)
        let png = (0..<(decoded.width * decoded.height)).flatMap { decoded.rgba($0) }
        #expect(try DecodedImage(try layer.render(tile, format: .webp).data, as: .webp).rgbaPixels == png)
        #expect {
            _ = try Self.layers(["heights": terrain + "\nformats: [png, jpg]"])
        } throws: { error in
            "\(error)".contains("layer.formats: the pipeline ends in a terrain encoding")
        }
    }

    @Test func geoTIFFTilesHoldGdalwarpsValuesGeoreferencedToTheTile() throws {
        let layer = try #require(try Self.layers(["dem": Self.elevationYAML])["dem"])
        let tile = try TileID(zoom: Self.sierra.zoom, x: Self.sierra.x, y: Self.sierra.y)
        let rendered = try layer.render(tile, format: .geotiff)
        #expect(rendered.format == .geotiff && rendered.form == nil)
        let path = DerivedData.directory + "/tile-\(UUID().uuidString).tif"
        try rendered.data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        // The heights under the colours: what gdalwarp reads for the tile, Float32, NaN nodata.
        let window = RasterWindow(tile: tile)
        let values = try GDALTool.read(path)
        let expected = try GDALTool.warp(try SampleData.path("srtm90.tif"), window, resampling: "bilinear")
        let agreement = Agreement(values, expected, tolerance: 1e-3)
        #expect(agreement.fraction >= 0.999 && agreement.validPixels > 60000, "\(agreement)")
        // Georeferenced to the tile, in EPSG:3857.
        let info = try GDALTool.output("gdalinfo", ["-json", path])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(info.utf8)) as? [String: Any])
        let transform = try #require(json["geoTransform"] as? [Double])
        let b = window.bounds
        let expectedTransform = [b.minX, b.width / 256, 0, b.maxY, 0, -b.height / 256]
        #expect(zip(transform, expectedTransform).allSatisfy { abs($0 - $1) < 1e-6 }, "\(transform)")
        let wkt = ((json["coordinateSystem"] as? [String: Any])?["wkt"] as? String) ?? ""
        #expect(wkt.contains("ID[\"EPSG\",3857]"), "\(wkt.prefix(200))")
        let band = try #require((json["bands"] as? [[String: Any]])?.first)
        #expect(band["type"] as? String == "Float32")
    }
}
