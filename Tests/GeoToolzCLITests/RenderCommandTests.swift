import Foundation
import TestSupport
import Testing

/// `geotoolz render`: the output's extension picks the format; the encoders' settings are options.
@Suite struct RenderCommandTests {
    static let layers = PackageFolders.root.appendingPathComponent("layers").path

    func render(_ output: String, _ extra: [String] = []) throws -> CommandResult {
        try GeoToolzBinary.run(
            [
                "render", "--layers", Self.layers, "--data", PackageFolders.data, "--layer", "landsat-truecolor",
                "--tile", "12/765/1538", "-o", output,
            ] + extra)
    }

    @Test func theOutputsExtensionPicksTheFormatAndQualityIsAnOption() throws {
        let folder = try temporaryDirectory("render")
        var sizes = [String: Int]()
        for (name, extra) in [
            ("default.jpg", []), ("low.jpg", ["--jpeg-quality", "20"]), ("default.webp", []),
            ("low.webp", ["--webp-quality", "10"]), ("tile.png", []),
        ] as [(String, [String])] {
            let result = try render(folder + "/" + name, extra)
            #expect(result.status == 0, "\(name): \(result.standardError)")
            let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
            sizes[name] = data.count
        }
        // Lower quality, fewer bytes; WebP and JPEG imagery far below the PNG.
        #expect(sizes["low.jpg"]! < sizes["default.jpg"]! && sizes["low.webp"]! < sizes["default.webp"]!, "\(sizes)")
        #expect(sizes["default.jpg"]! < sizes["tile.png"]! && sizes["default.webp"]! < sizes["tile.png"]!, "\(sizes)")
        let bad = try render(folder + "/bad.jpg", ["--jpeg-quality", "0"])
        #expect(bad.status == 64 && bad.standardError.contains("--jpeg-quality 1…100"), "\(bad.standardError)")
    }
}
