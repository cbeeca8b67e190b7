import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// A layer checks its pipeline against the bands its sources feed when it loads, so a pipeline
/// that would fail every tile is refused with the operator, the counts and the source named.
@Suite struct LayerBandCheckTests {
    struct BadLayer: CustomTestStringConvertible, Sendable {
        let name: String
        let yaml: String
        let line: Int
        let path: String
        let message: String
        var testDescription: String { name }
    }

    static let badLayers: [BadLayer] = [
        BadLayer(
            name: "four bands into a colormap",
            yaml: """
                source: landsat.tif
                bands: [1, 2, 3, 4]
                pipeline:
                  _target_: Sequential
                  operators:
                    - {_target_: Colormap, name: viridis, vmin: 0, vmax: 255}
                """,
            line: 6, path: "layer.pipeline.operators[0]",
            message: "Colormap takes 1 band, gets 4 from layer.source (bands [1, 2, 3, 4])"),
        BadLayer(
            name: "every band into a colormap",
            yaml: "source: landsat.tif\npipeline: {_target_: Colormap, name: viridis, vmin: 0, vmax: 255}",
            line: 2, path: "layer.pipeline",
            message: "Colormap takes 1 band, gets 7 from layer.source (bands [1, 2, 3, 4, 5, 6, 7])"),
        BadLayer(
            name: "a composite past the bands read",
            yaml: """
                source: landsat.tif
                bands: [3, 2, 1]
                pipeline: {_target_: Composite, red: 5, green: 2, blue: 1}
                """,
            line: 3, path: "layer.pipeline",
            message: "Composite takes at least 5 bands, gets 3 from layer.source (bands [3, 2, 1])"),
        BadLayer(
            name: "a graph node wired to a one-band source",
            yaml: """
                sources:
                  nir: {path: landsat.tif, bands: [4]}
                  red: {path: landsat.tif, bands: [3]}
                pipeline:
                  _target_: Graph
                  inputs: [nir, red]
                  nodes:
                    - {name: index, op: {_target_: NDVI, nir: 1, red: 2}, inputs: [red]}
                  outputs: {out: index}
                """,
            line: 8, path: "layer.pipeline.nodes[0].op",
            message: "NDVI takes at least 2 bands, gets 1 from layer.sources.red (bands [3])"),
        BadLayer(
            name: "a graph stacking too few bands for a composite",
            yaml: """
                sources:
                  nir: {path: landsat.tif, bands: [4]}
                  red: {path: landsat.tif, bands: [3]}
                pipeline:
                  _target_: Graph
                  inputs: [nir, red]
                  nodes:
                    - {name: both, op: {_target_: Stack}, inputs: [nir, red]}
                    - {name: image, op: {_target_: Composite, red: 1, green: 2, blue: 3}, inputs: [both]}
                  outputs: {out: image}
                """,
            line: 9, path: "layer.pipeline.nodes[1].op",
            message: "Composite takes at least 3 bands, gets 2 from layer.pipeline.nodes[0].op (Stack)"),
        BadLayer(
            name: "more bands than a tile can be encoded from",
            yaml: "source: landsat.tif\npipeline: {_target_: Gamma, gamma: 2}", line: 2, path: "layer.pipeline",
            message: "the pipeline gives 7 bands; a tile is encoded from 1 to 4"),
        BadLayer(
            name: "a graph with two outputs",
            yaml: """
                source: srtm90.tif
                pipeline:
                  _target_: Graph
                  inputs: [dem]
                  nodes: [{name: shade, op: {_target_: Hillshade}, inputs: [dem]}]
                  outputs: {shade: shade, dem: dem}
                """,
            line: 6, path: "layer.pipeline.outputs", message: "a layer shows one output; this Graph has 2"),
        BadLayer(
            name: "a colormap range past Float32",
            yaml: "source: srtm90.tif\npipeline: {_target_: Colormap, name: viridis, vmin: -1e308, vmax: 1e308}",
            line: 2, path: "layer.pipeline.vmin", message: "vmin (-1e+308) is beyond ±3.4e38"),
    ]

    @Test(arguments: badLayers)
    func isRefusedWhenItLoads(_ bad: BadLayer) throws {
        let error = try #require(throws: ConfigError.self) { try LayerFileTests.load(bad.yaml) }
        let text = error.description
        #expect(text.contains("test.yaml:\(bad.line):"), "\(text)")
        #expect(text.contains("\(bad.path): \(bad.message)"), "\(text)")
    }

    @Test func aPipelineThatFitsItsSourcesLoads() throws {
        let layer = try LayerFileTests.load(
            """
            source: landsat.tif
            bands: [4, 3]
            pipeline:
              _target_: Sequential
              operators:
                - {_target_: NDVI, nir: 1, red: 2}
                - {_target_: Colormap, name: viridis, vmin: -1, vmax: 1}
            """)
        #expect(try layer.pipeline.outputBands(forInputs: [.exactly(2)]) == .exactly(1))
    }

    @Test func aHaloDeclaredInSwiftPastTheLimitIsRefused() throws {
        let definition = LayerDefinition(
            name: "wide", sources: [LayerSource(path: "srtm90.tif")],
            pipeline: Lambda("wide", halo: .max) { $0 } | Lambda("wider", halo: .max) { $0 })
        let error = try #require(throws: ConfigError.self) {
            try Layer(definition, dataDirectory: DataDirectory(SampleData.directory))
        }
        #expect(
            error.description
                == "layer.pipeline: the pipeline's halo is \(Int.max) pixels; a layer reads 0…1024 around a tile")
    }

    @Test func everyDemoLayerFitsItsSources() throws {
        let catalog = try LayerCatalog(
            directory: DemoLayerTests.layersDirectory, dataDirectory: DataDirectory(SampleData.directory))
        #expect(catalog.layers.count == 10)
    }
}
