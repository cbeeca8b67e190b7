import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Terrain tiles decoded as a map client decodes them (PIL reads the PNG, numpy applies the
/// format's rule) give the heights gdalwarp reads for the same tile.
@Suite struct TerrainTileTests {
    /// Decodes argv[1] (a PNG) by the rule named in argv[3] and compares it with argv[2] (a
    /// Float32 GeoTIFF, NaN nodata): prints the fraction of pixels that agree in validity and
    /// within argv[4] metres, and the number of valid pixels.
    static let decodeAndCompare = """
        import sys
        import numpy as np
        from PIL import Image
        from osgeo import gdal
        rgba = np.asarray(Image.open(sys.argv[1]).convert('RGBA')).astype(np.float64)
        r, g, b, a = rgba[..., 0], rgba[..., 1], rgba[..., 2], rgba[..., 3]
        if sys.argv[3] == 'mapbox':
            height = -10000 + (r * 65536 + g * 256 + b) * 0.1
        else:
            height = r * 256 + g + b / 256 - 32768
        reference = gdal.Open(sys.argv[2]).ReadAsArray().astype(np.float64)
        valid = a == 255
        same_validity = valid == np.isfinite(reference)
        close = np.where(valid, np.abs(height - np.nan_to_num(reference)) <= float(sys.argv[4]), True)
        print(f'{np.mean(same_validity & close):.6f} {int(valid.sum())}')
        """

    /// Each encoding, the rule a client decodes it by, and how far a decoded height may lie from
    /// the value encoded: half of Terrain-RGB's 0.1 m step (rounded), one of Terrarium's 1/256 m
    /// (truncated), and Float32's resolution of heights in the thousands of metres.
    @Test(arguments: [("TerrainRGB", "mapbox", 0.05 + 1e-3), ("Terrarium", "terrarium", 1.0 / 256 + 1e-3)])
    func decodedTilesGiveGdalwarpsHeights(_ target: String, _ rule: String, _ tolerance: Double) throws {
        let demo = try #require(try DemoLayerTests.catalog.get().layer(named: "elevation-dem"))
        let pipeline = try PipelineLoader(registry: .standard).load(
            ["_target_": .string(target)], at: ConfigPath(root: "pipeline"))
        let layer = try demo.derived { definition in definition.pipeline = pipeline }
        let tile = try TileID(zoom: 11, x: 346, y: 792)
        let rendered = try layer.render(tile)
        #expect(rendered.form == .rgba)
        let png = DerivedData.directory + "/terrain-\(UUID().uuidString).png"
        try rendered.data.write(to: URL(fileURLWithPath: png))
        defer { try? FileManager.default.removeItem(atPath: png) }
        let reference = DerivedData.directory + "/terrain-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: reference) }
        let b = WebMercatorQuad.bounds(of: tile)
        try GDALTool.run(
            "gdalwarp",
            [
                "-q", "-t_srs", "EPSG:3857", "-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)", "\(b.maxY)", "-ts", "256",
                "256", "-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan", try SampleData.path("srtm90.tif"),
                reference,
            ])
        // Debian's python3, which holds numpy, PIL and GDAL's bindings (`make test` installs them).
        let answer = try GDALTool.output(
            "/usr/bin/python3", ["-c", Self.decodeAndCompare, png, reference, rule, "\(tolerance)"]
        ).split(separator: " ")
        let agreeing = try #require(Double(answer[0]))
        #expect(agreeing >= 0.999, "\(target): \(answer)")
        #expect(Int(answer[1]) ?? 0 > 60000, "the tile should be mostly data")
    }
}
