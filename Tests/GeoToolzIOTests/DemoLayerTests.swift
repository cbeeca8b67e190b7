import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// The layers shipped in `layers/`, rendered through the same path a tile request takes.
@Suite struct DemoLayerTests {
    static let layersDirectory: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("layers").path
    }()

    static let catalog = Result {
        try LayerCatalog(directory: layersDirectory, dataDirectory: DataDirectory(SampleData.directory))
    }

    /// Each demo layer, whether it is colormapped (so written as a palette PNG), and how many
    /// distinct colours its centre tile shows at least.
    static let expectations: [(name: String, colormapped: Bool, colours: Int)] = [
        ("elevation", true, 20), ("elevation-mosaic", true, 20), ("elevation-dem", false, 20), ("hillshade", true, 20),
        ("landsat-ndvi", true, 20),
        ("landsat-truecolor", false, 20), ("landsat-falsecolor", false, 20), ("landsat-landcover", true, 3),
        ("elevation-utm", true, 20), ("landsat-utm", true, 20),
    ]

    @Test func catalogHoldsTheDemoLayers() throws {
        let catalog = try Self.catalog.get()
        #expect(Set(catalog.layers.map(\.name)).isSuperset(of: Self.expectations.map(\.name)))
        for layer in catalog.layers {
            #expect(layer.attribution != nil && layer.minZoom < layer.maxZoom, "\(layer.name)")
        }
    }

    @Test(arguments: expectations.map(\.name), [1, 2])
    func rendersEveryDemoLayer(_ name: String, scale: Int) throws {
        let layer = try #require(try Self.catalog.get().layer(named: name))
        let expected = Self.expectations.first { $0.name == name }!
        let colormapped = expected.colormapped
        // A tile at the middle of the layer's zoom range, at the centre of its data.
        let zoom = (layer.minZoom + layer.maxZoom) / 2
        let centre = layer.mercatorBounds
        let tile = try WebMercatorQuad.tile(
            containingX: (centre.minX + centre.maxX) / 2, y: (centre.minY + centre.maxY) / 2, zoom: zoom)
        #expect(layer.serves(tile))
        let rendered = try layer.render(tile, scale: scale)
        if colormapped {
            guard case .palette = rendered.form else {
                Issue.record("\(name) should be written as a palette PNG, was \(rendered.form)")
                return
            }
        } else {
            #expect(rendered.form == .rgba)
        }
        let decoded = try DecodedPNG(rendered.data)
        #expect(decoded.width == 256 * scale && decoded.height == 256 * scale)
        let pixels = decoded.width * decoded.height
        let opaque = (0..<pixels).filter { decoded.rgba($0)[3] == 255 }.count
        #expect(opaque > pixels / 2, "the centre tile of \(name) should be mostly data")
        let colours = Set((0..<pixels).map { decoded.rgba($0) })
        #expect(colours.count >= expected.colours, "\(name) should show more than a flat colour")
        // Tiles away from the data are known without rendering.
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: zoom)
        #expect(!layer.serves(far))
    }
}
