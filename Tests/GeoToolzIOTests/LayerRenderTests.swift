import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Pipelines built in code, so these tests do not depend on the domain operators.
enum TestPipelines {
    /// Elevation in metres → grey in [0, 1].
    static let grey = Lambda("grey") { tensor in
        tensor.replacing(bands: tensor.bands, values: tensor.values.map { $0 / 4500 })
    }

    /// The 3 × 3 mean (NaN where any neighbour is NaN or off the window): a neighbourhood operator.
    static func mean(halo: Int = 1) -> Lambda {
        Lambda("mean3x3", halo: halo) { tensor in
            var out = [Float](repeating: .nan, count: tensor.values.count)
            for band in 0..<tensor.bands {
                for row in 1..<(tensor.height - 1) {
                    for column in 1..<(tensor.width - 1) {
                        var sum: Float = 0
                        for dy in -1...1 {
                            for dx in -1...1 { sum += tensor[band, row + dy, column + dx] }
                        }
                        out[(band * tensor.height + row) * tensor.width + column] = sum / 9
                    }
                }
            }
            return tensor.replacing(bands: tensor.bands, values: out)
        }
    }

    /// Raises a warning, as quality-control operators do.
    static let warn = Lambda("warn") { tensor in
        var out = tensor
        out.warnings.append("checked \(tensor.width)×\(tensor.height)")
        return out
    }
}

/// Divides by the largest value of the dataset: statistics that must come from the whole
/// dataset, never from one tile.
struct MaxNormalize: StatisticsDependent {
    let registryName = "MaxNormalize"
    var maximum: Float?
    var sampleSize: [Int] = []

    var parameters: [String: ConfigValue] {
        ["maximum": maximum.map { .number(Double($0)) } ?? .null]
    }

    var needsStatistics: Bool { maximum == nil }

    func bound(toSample sample: GeoTensor) throws -> any Operator {
        MaxNormalize(
            maximum: sample.values.filter(\.isFinite).max() ?? 1, sampleSize: [sample.width, sample.height])
    }

    func apply(_ input: GeoTensor) throws -> GeoTensor {
        guard let maximum else { throw OperatorError(registryName, "not calibrated") }
        return input.replacing(bands: input.bands, values: input.values.map { $0 / maximum })
    }
}

@Suite struct LayerRenderTests {
    static let sierraTile = (zoom: 11, x: 346, y: 792)

    static func layer(
        _ pipeline: any Operator, sources: [LayerSource] = [LayerSource(path: "srtm90.tif", resampling: .bilinear)],
        options: LayerOptions = LayerOptions(), name: String = "test"
    ) throws -> Layer {
        try Layer(
            LayerDefinition(name: name, sources: sources, minZoom: 5, maxZoom: 14, pipeline: pipeline),
            dataDirectory: DataDirectory(SampleData.directory), options: options)
    }

    @Test func rendersDecodablePNGs() throws {
        let layer = try Self.layer(Sequential([TestPipelines.grey, TestPipelines.warn]))
        let tile = try TileID(zoom: Self.sierraTile.zoom, x: Self.sierraTile.x, y: Self.sierraTile.y)
        for scale in [1, 2] {
            let rendered = try layer.render(tile, scale: scale)
            #expect(rendered.form == .rgba && rendered.tile == GridTile(tile) && rendered.scale == scale)
            #expect(rendered.warnings == ["checked \(256 * scale)×\(256 * scale)"])
            #expect(
                rendered.timings.read > .zero && rendered.timings.operators > .zero && rendered.timings.encode > .zero)
            let decoded = try DecodedPNG(rendered.data)
            #expect(decoded.width == 256 * scale && decoded.height == 256 * scale)
            // Every pixel has data here; grey levels follow the elevation.
            #expect((0..<(decoded.width * decoded.height)).allSatisfy { decoded.rgba($0)[3] == 255 })
            #expect(Set(decoded.bands[0]).count > 50)
        }
        #expect(throws: RenderError.self) { try layer.render(tile, scale: 0) }
        #expect(throws: RenderError.self) { try layer.render(tile, scale: 5) }
    }

    @Test func knowsItsTilesWithoutReading() throws {
        let layer = try Self.layer(TestPipelines.grey)
        let inside = try TileID(zoom: Self.sierraTile.zoom, x: Self.sierraTile.x, y: Self.sierraTile.y)
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 11)
        #expect(layer.intersects(inside) && layer.serves(inside))
        #expect(!layer.intersects(far) && !layer.serves(far))
        let tooDeep = try WebMercatorQuad.tile(containingLongitude: -119.03, latitude: 37.63, zoom: 16)
        #expect(layer.intersects(tooDeep) && !layer.serves(tooDeep))
        let transparent = try DecodedPNG(try layer.transparentTile(scale: 2))
        #expect(transparent.width == 512 && transparent.rgba(0)[3] == 0)
        #expect(try DecodedPNG(try layer.transparentTile(scale: 3)).width == 768)
    }

    /// The 3 × 3 tiles around the Sierra tile, as one window.
    static func block() throws -> (tile: RasterWindow, block: RasterWindow) {
        let (zoom, x, y) = sierraTile
        let tile = RasterWindow(tile: try TileID(zoom: zoom, x: x, y: y))
        let northWest = WebMercatorQuad.bounds(of: try TileID(zoom: zoom, x: x - 1, y: y - 1))
        let southEast = WebMercatorQuad.bounds(of: try TileID(zoom: zoom, x: x + 1, y: y + 1))
        return (tile, RasterWindow(bounds: northWest.union(southEast), width: 768, height: 768))
    }

    static func centre(of block: GeoTensor) -> GeoTensor {
        var values = [Float]()
        for row in 256..<512 { values += block.values[(row * 768 + 256)..<(row * 768 + 512)] }
        return GeoTensor(
            bands: 1, height: 256, width: 256, values: values,
            transform: block.transform.offset(columns: 256, rows: 256),
            crs: block.crs)
    }

    @Test(arguments: [0.0, 0.125])
    func haloReadsAreSeamless(errorThreshold: Double) throws {
        let layer = try Self.layer(
            Sequential([TestPipelines.mean(), TestPipelines.grey]),
            options: LayerOptions(errorThreshold: errorThreshold))
        #expect(layer.halo == 1)
        let windows = try Self.block()
        let alone = try layer.process(windows.tile)
        let cut = Self.centre(of: try layer.process(windows.block))
        #expect(alone.width == 256 && alone.transform == windows.tile.transform)
        #expect(alone.values.allSatisfy { $0.isFinite }, "a halo read leaves no edge without context")
        let agreement = Agreement(alone, cut)
        if errorThreshold == 0 {
            // Every pixel projected exactly: the two renders are the same.
            #expect(agreement.fraction == 1, "\(agreement)")
        } else {
            #expect(agreement.fraction >= 0.999, "\(agreement)")
        }
    }

    @Test func withoutAHaloTileEdgesDiffer() throws {
        // The same mean, declaring no halo: its tile edges lack context, so the test above can fail.
        let layer = try Self.layer(Sequential([TestPipelines.mean(halo: 0), TestPipelines.grey]))
        let windows = try Self.block()
        let alone = try layer.process(windows.tile)
        let cut = Self.centre(of: try layer.process(windows.block))
        #expect(Agreement(alone, cut).fraction < 0.99)
    }

    @Test func namedSourcesFeedGraphInputsByName() throws {
        let difference = Lambda("nir-red") { tensor in
            tensor.replacing(
                bands: 1, values: zip(tensor.band(0), tensor.band(1)).map { nir, red in (nir - red) / 255 })
        }
        let graph = try Graph(
            inputs: ["nir", "red"],
            nodes: [
                Graph.Node(name: "both", op: Stack(), inputs: ["nir", "red"]),
                Graph.Node(name: "difference", op: difference, inputs: ["both"]),
            ],
            outputs: ["out": "difference"])
        let sources = [
            LayerSource(input: "red", path: "landsat.tif", bands: [3]),
            LayerSource(input: "nir", path: "landsat.tif", bands: [4]),
        ]
        let layer = try Self.layer(graph, sources: sources)
        let tile = try WebMercatorQuad.tile(containingLongitude: -112.7084, latitude: 40.8058, zoom: 13)
        let window = RasterWindow(tile: tile)
        let reader = try TileReader(path: try SampleData.landsat)
        let nir = try reader.read(window, bands: [4])
        let red = try reader.read(window, bands: [3])
        let expected = zip(nir.values, red.values).map { ($0 - $1) / 255 }
        let rendered = try layer.process(window)
        #expect(rendered.values == expected)
        #expect(expected.contains { $0 != 0 }, "red and NIR differ, so swapped inputs would show")
        #expect(try layer.read(window).map(\.values) == [nir.values, red.values])
    }

    @Test func statisticsComeFromTheWholeDatasetOnce() throws {
        let layer = try Self.layer(Sequential([MaxNormalize(), TestPipelines.grey]))
        let bound = try #require((layer.pipeline as? Sequential)?.operators.first as? MaxNormalize)
        #expect(bound.sampleSize.max() == LayerOptions().calibrationSize)
        let maximum = try #require(bound.maximum)
        #expect(maximum > 4000 && maximum <= 4338, "SRTM's highest point here is 4338 m")
        #expect(layer.pipelineHash == Sequential([MaxNormalize(), TestPipelines.grey]).configHash)
        // Every tile is divided by the same maximum: no per-tile stretch, no seams.
        let tile = try TileID(zoom: Self.sierraTile.zoom, x: Self.sierraTile.x, y: Self.sierraTile.y)
        let raw = try layer.read(RasterWindow(tile: tile))[0]
        let processed = try layer.process(RasterWindow(tile: tile))
        #expect(processed.values == raw.values.map { $0 / maximum / 4500 })
    }

    @Test func identityFollowsConfigAndData() throws {
        let near = try Self.layer(TestPipelines.grey, sources: [LayerSource(path: "srtm90.tif")])
        let bilinear = try Self.layer(
            TestPipelines.grey, sources: [LayerSource(path: "srtm90.tif", resampling: .bilinear)])
        let again = try Self.layer(TestPipelines.grey, sources: [LayerSource(path: "srtm90.tif")], name: "other")
        let landsat = try Self.layer(TestPipelines.grey, sources: [LayerSource(path: "landsat.tif", bands: [1])])
        #expect(near.configHash != bilinear.configHash && near.configHash == again.configHash)
        #expect(near.pipelineHash == bilinear.pipelineHash && near.pipelineHash == TestPipelines.grey.configHash)
        #expect(near.dataIdentity == again.dataIdentity && near.dataIdentity != landsat.dataIdentity)
        #expect(near.configHash.count == 64 && near.dataIdentity.count == 64)
    }

    @Test func concurrentRendersMatchSequentialRenders() throws {
        let layer = try Self.layer(Sequential([TestPipelines.mean(), TestPipelines.grey]))
        let tiles = try (0..<6).map { try TileID(zoom: 12, x: 692 + $0 % 3, y: 1584 + $0 / 3) }
        let sequential = try tiles.map { try layer.render($0).data }
        let lock = NSLock()
        nonisolated(unsafe) var concurrent = [Int: Data]()
        DispatchQueue.concurrentPerform(iterations: 18) { index in
            let png = try? layer.render(tiles[index % tiles.count]).data
            lock.withLock { concurrent[index] = png }
        }
        for index in 0..<18 { #expect(concurrent[index] == sequential[index % tiles.count]) }
    }

    @Test func refusesPipelinesThatChangeTheWindowSize() throws {
        let shrink = Lambda("shrink") { tensor in tensor.cropped(by: 1) }
        let layer = try Self.layer(shrink)
        let tile = try TileID(zoom: Self.sierraTile.zoom, x: Self.sierraTile.x, y: Self.sierraTile.y)
        #expect { try layer.render(tile) } throws: { "\($0)".contains("operators must keep the window's size") }
    }
}
