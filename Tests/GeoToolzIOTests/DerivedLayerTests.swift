import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// A layer derived from another reads the same rasters through the same handles, with its own
/// definition checked as a loaded layer's is and a config hash of its own.
@Suite struct DerivedLayerTests {
    static func elevation() throws -> Layer {
        try #require(try DemoLayerTests.catalog.get().layer(named: "elevation"))
    }

    @Test func aDerivedPipelineDrawsOtherPixelsUnderAnotherHash() throws {
        let base = try Self.elevation()
        let loader = PipelineLoader(registry: .standard)
        let derived = try base.derived { definition throws(ConfigError) in
            definition.pipeline = try loader.load(
                ["_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 4400], at: ConfigPath(root: "pipeline"))
        }
        #expect(derived.name == base.name)
        #expect(derived.mercatorBounds == base.mercatorBounds)
        #expect(derived.dataIdentity == base.dataIdentity)
        #expect(derived.configHash != base.configHash)
        let tile = try WebMercatorQuad.tile(
            containingX: (base.mercatorBounds.minX + base.mercatorBounds.maxX) / 2,
            y: (base.mercatorBounds.minY + base.mercatorBounds.maxY) / 2, zoom: 9)
        // Grey's palette has equal channels where terrain's does not; both index the same pixels.
        let grey = try #require(try derived.process(RasterWindow(tile: tile, tileSize: 256)).palette)
        let colour = try #require(try base.process(RasterWindow(tile: tile, tileSize: 256)).palette)
        #expect(Self.isGrey(grey))
        #expect(!Self.isGrey(colour))
    }

    /// Whether every entry of `palette` has equal red, green and blue.
    static func isGrey(_ palette: Palette) -> Bool {
        let rgba = palette.rgba
        return stride(from: 0, to: rgba.count, by: 4).allSatisfy { (index: Int) -> Bool in
            rgba[index] == rgba[index + 1] && rgba[index + 1] == rgba[index + 2]
        }
    }

    @Test func aDerivedDefinitionIsCheckedAsALoadedOneIs() throws {
        let base = try Self.elevation()
        #expect(throws: ConfigError.self) {
            try base.derived { definition in definition.sources[0].bands = [2] }
        }
        let loader = PipelineLoader(registry: .standard)
        do {
            _ = try base.derived { definition throws(ConfigError) in
                definition.pipeline = try loader.load(
                    ["_target_": "TrueColor", "red": 1, "green": 2, "blue": 3], at: ConfigPath(root: "pipeline"))
            }
            Issue.record("a three-band operator over one band was accepted")
        } catch {
            #expect("\(error)".contains("layer.pipeline"), "\(error)")
        }
    }
}
