import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// `Layer.values`: the numbers behind a layer's colours, for queries.
@Suite struct LayerValuesTests {
    @Test func valuesAreThePipelineBeforeItsColormap() throws {
        let layer = try LayerRenderTests.layer(
            Sequential([TestPipelines.grey, try Colormap(name: "terrain", vmin: 0, vmax: 1)]))
        #expect(layer.valuePipeline.registryName == TestPipelines.grey.registryName)
        let tile = try TileID(zoom: LayerRenderTests.sierraTile.zoom, x: 346, y: 792)
        let window = RasterWindow(tile: tile)
        let values = try layer.values(window)
        #expect(values.bands == 1 && values.transform == window.transform)
        // The source warped by gdalwarp, through the same scaling: what the colours stand for.
        let expected = try GDALTool.warp(try SampleData.path("srtm90.tif"), window, resampling: "bilinear")
        let scaled = expected.replacing(bands: 1, values: expected.values.map { $0 / 4500 })
        let agreement = Agreement(values, scaled, tolerance: 1e-5)
        #expect(agreement.fraction >= 0.999, "\(agreement)")
        #expect(agreement.validPixels > 0)
        // The tile itself holds the colormap's palette entries, not the values.
        #expect(try layer.process(window).values != values.values)
    }

    @Test func aPipelineWithoutAColormapGivesItsOwnOutput() throws {
        let layer = try LayerRenderTests.layer(TestPipelines.grey)
        let window = RasterWindow(tile: try TileID(zoom: 11, x: 346, y: 792))
        #expect(try layer.values(window) == layer.process(window))
    }
}
