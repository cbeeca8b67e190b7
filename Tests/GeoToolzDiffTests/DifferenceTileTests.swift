import Foundation
import GeoToolz
import GeoToolzDiff
import GeoToolzIO
import TestSupport
import Testing

/// Difference tiles: a diverging colormap symmetric around 0, transparent where neither version
/// has data, and the colours of data lost or gained.
@Suite struct DifferenceTileTests {
    /// The colour of entry `index` of a catalog colormap, as RGBA bytes.
    func catalogColour(_ name: String, _ index: Int) throws -> [UInt8] {
        let palette = try #require(ColormapCatalog.palette(named: name))
        return Array(palette.rgba[(4 * index)..<(4 * index + 4)])
    }

    func pixel(_ image: GeoTensor, _ index: Int) -> [UInt8] {
        (0..<4).map { UInt8((image.values[$0 * image.pixelCount + index] * 255).rounded()) }
    }

    @Test func theColoursAreSymmetricAroundZero() throws {
        let nan = Float.nan
        let old = GeoTensor(bands: 1, height: 1, width: 6, values: [10, 10, 10, nan, 10, nan])
        let new = GeoTensor(bands: 1, height: 1, width: 6, values: [14, 6, 10, nan, nan, 3])
        let image = try DifferenceTile.image(old: old, new: new)
        #expect(image.bands == 4 && image.width == 6)
        // ±4 is the tile's largest difference: the ends of the colormap.
        #expect(pixel(image, 0) == (try catalogColour(DifferenceTile.colormap, 255)))
        #expect(pixel(image, 1) == (try catalogColour(DifferenceTile.colormap, 0)))
        // 0 sits in the middle: matplotlib's rule puts t = 0.5 at entry 128.
        #expect(pixel(image, 2) == (try catalogColour(DifferenceTile.colormap, 128)))
        #expect(pixel(image, 3)[3] == 0)
        #expect(pixel(image, 4) == DifferenceTile.lostData)
        #expect(pixel(image, 5) == DifferenceTile.gainedData)
        // A given range of ±8 puts +4 three quarters of the way up.
        let ranged = try DifferenceTile.image(old: old, new: new, range: 8)
        #expect(pixel(ranged, 0) == (try catalogColour(DifferenceTile.colormap, 192)))
        #expect(throws: DiffError.self) { try DifferenceTile.image(old: old, new: new, range: 0) }
    }

    @Test func aRenderedDifferenceTileIsAPNGOfTheTile() throws {
        let data = try OneChangedTileFixture.makeData()
        let old = try TestLayers.load("old", OneChangedTileFixture.layer(new: false), data: data)
        let new = try TestLayers.load("new", OneChangedTileFixture.layer(new: true), data: data)
        let changed = OneChangedTileFixture.changedTile
        let tile = try GridTile(.webMercatorQuad, zoom: OneChangedTileFixture.zoom, x: changed.x, y: changed.y)
        let png = try DifferenceTile.render(old: old, new: new, tile: tile, scale: 2, range: 300)
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let file = try temporaryDirectory("difference") + "/tile.png"
        try png.write(to: URL(fileURLWithPath: file))
        // PIL reads the tile: 512 pixels a side, every pixel +100 of ±300 (t = 2/3, entry 170 by
        // matplotlib's rule), so one colour.
        let result = try runToCompletion(
            "/usr/bin/python3",
            [
                "-c",
                "import sys, numpy; from PIL import Image; a = numpy.asarray(Image.open(sys.argv[1]).convert('RGBA'));"
                    + " print(a.shape[0], a.shape[1], len(numpy.unique(a.reshape(-1, 4), axis=0)), *a[0, 0])",
                file,
            ])
        let expected = try catalogColour(DifferenceTile.colormap, 170).map(String.init).joined(separator: " ")
        #expect(result.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "512 512 1 \(expected)")
    }
}
