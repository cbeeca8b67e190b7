import Foundation
import GeoToolz
import GeoToolzIO
import NIOPosix
import TestSupport
import Testing

@testable import GeoToolzServer

/// Reading TiTiler's parameters from a query, and the table of layers they derive.
@Suite struct TileParametersTests {
    @Test func queriesAreDecodedAsFormsAre() throws {
        let parameters = try TileParameters.parse(
            "rescale=0,3000&rescale=%2D1e3,+2000&colormap_name=rdylgn_r&expression=b1%2Bb2;b3&return_mask=False")
        #expect(parameters.rescale.map(\.low) == [0, -1000] && parameters.rescale.map(\.high) == [3000, 2000])
        #expect(parameters.colormapName == "RdYlGn_r")
        #expect(parameters.expressions == ["b1+b2", "b3"])
        #expect(!parameters.returnMask)
        #expect(parameters.given == ["rescale", "colormap_name", "expression", "return_mask"])
        #expect(
            parameters.canonicalQuery
                == "rescale=0,3000&rescale=-1000,2000&colormap_name=RdYlGn_r&expression=b1%2Bb2%3Bb3&return_mask=false")
    }

    @Test func equalRequestsHaveOneCanonicalQuery() throws {
        let one = try TileParameters.parse("bidx=3&bidx=2&reproject=cubic_spline&nodata=0.0")
        let other = try TileParameters.parse("nodata=0&bidx=3,2&reproject=CUBIC_SPLINE")
        #expect(one.canonicalQuery == other.canonicalQuery)
        #expect(one.bands == [3, 2] && one.resampling == .cubicspline && one.noData == 0)
        #expect(try TileParameters.parse("").isEmpty && TileParameters.parse("&&").isEmpty)
        #expect(try TileParameters.parse("return_mask=true").canonicalQuery == "")
    }

    @Test func theQueryIsTheTargetsAfterItsQuestionMark() {
        #expect(TileParameters.query(of: "/tiles/a/1/2/3.png") == nil)
        #expect(TileParameters.query(of: "/tiles/a/1/2/3.png?x=1#y") == "x=1")
        #expect(TileParameters.query(of: "/tiles/a/1/2/3.png#?x=1") == nil)
        #expect(TileParameters.query(of: "/tiles/a/1/2/3.png?") == "")
    }

    @Test(arguments: [
        ("a=1", "a"),
        ("rescale=1", "rescale"),
        ("rescale=1,nan", "rescale"),
        ("rescale=1,1e39", "rescale"),
        ("rescale=0,1&rescale=0,1&rescale=0,1&rescale=0,1&rescale=0,1", "rescale"),
        ("colormap_name=viridis&colormap_name=gray", "colormap_name"),
        ("colormap_name=", "colormap_name"),
        ("colormap=%5B%5B%5B0%2C1%5D%2C%5B0%2C0%2C0%5D%5D%5D", "colormap"),
        ("colormap=%7B%22x%22%3A%22%23fff%22%7D", "colormap"),
        ("colormap_name=gray&colormap=%7B%221%22%3A%22%23fff%22%7D", "colormap"),
        ("expression=b1&bidx=1", "bidx"),
        ("expression=b1;b1;b1;b1;b1", "expression"),
        ("expression=os.system(1)", "expression"),
        ("bidx=0", "bidx"),
        ("bidx=1,2,3,4,5", "bidx"),
        ("resampling=gauss", "resampling"),
        ("nodata=abc", "nodata"),
        ("return_mask=maybe", "return_mask"),
        ("rescale=%FF%FE", "rescale"),
        ("rescale=%4", "rescale"),
        ("expression=b1%0A", "expression"),
    ])
    func malformedParametersAreRefusedByName(_ query: String, _ parameter: String) {
        #expect(throws: TileParameterError.self) { try TileParameters.parse(Substring(query)) }
        do {
            _ = try TileParameters.parse(Substring(query))
        } catch {
            #expect(error.parameter == parameter, "\(error)")
        }
    }

    @Test func hostileQueriesAreBounded() throws {
        let many = (0..<17).map { _ in "return_mask=true" }.joined(separator: "&")
        #expect(throws: TileParameterError.self) { try TileParameters.parse(Substring(many)) }
        let long = "expression=" + String(repeating: "b1+", count: 1400) + "b1"
        #expect(throws: TileParameterError.self) { try TileParameters.parse(Substring(long)) }
        let deep = "expression=" + String(repeating: "(", count: 200) + "b1" + String(repeating: ")", count: 200)
        do {
            _ = try TileParameters.parse(Substring(deep))
            Issue.record("an expression nested 200 deep was accepted")
        } catch {
            #expect(error.parameter == "expression" && error.message.contains("deep"), "\(error)")
        }
        let entries = (0..<257).map { "\"\($0)\":\"#000\"" }.joined(separator: ",")
        #expect(throws: TileParameterError.self) {
            try TileParameters.parse(Substring("colormap=" + QueryDecoding.encode("{\(entries)}")))
        }
    }

    @Test func aColormapReadsTiTilersForms() throws {
        let parameters = try TileParameters.parse(
            Substring("colormap=" + QueryDecoding.encode(##"{"2": [0, 255, 0], "1": "#f00", "3": "#0000ff80"}"##)))
        let classes = try #require(parameters.colormap)
        #expect(classes.map(\.value) == [1, 2, 3])
        #expect(classes.map(\.color.rgba) == [[255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 128]])
    }

    @Test func expressionsAreRenumberedToTheBandsRead() throws {
        #expect(try BandMath.bands(in: "(b4 - b3) / (b4 + b3) * b10") == [3, 4, 10])
        #expect(
            try BandMath.renumbered("(b4 - b3) / (b4 + b3) * b10", as: [3: 1, 4: 2, 10: 3])
                == "(b2 - b1) / (b2 + b1) * b3")
        #expect(try BandMath.renumbered("max(b7, abs(b7))", as: [7: 1]) == "max(b1, abs(b1))")
    }

    @Test func aReloadedLayerNeverServesAnOldDerivation() throws {
        let first = try #require(try DemoLayers.catalog.get().layer(named: "elevation"))
        // The same file loaded again: equal hashes, another layer.
        let again = try #require(
            try LayerCatalog(directory: PackagePaths.layers, dataDirectory: DataDirectory(PackagePaths.data))
                .layer(named: "elevation"))
        #expect(again.configHash == first.configHash && again.dataIdentity == first.dataIdentity && again !== first)
        let pool = RenderPool(threads: 1, capacity: 4)
        defer { pool.shutdown() }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let derived = DerivedLayers(pool: pool, capacity: 2)
        let parameters = try TileParameters.parse("rescale=0,1000")
        let loop = group.next()
        let fromFirst = try derived.layer(parameters, of: first, on: loop).wait()
        #expect(try derived.layer(parameters, of: first, on: loop).wait() === fromFirst)
        let fromAgain = try derived.layer(parameters, of: again, on: loop).wait()
        #expect(fromAgain !== fromFirst && fromAgain.configHash == fromFirst.configHash)
        // Bounded: a third query evicts the least recently used.
        _ = try derived.layer(try TileParameters.parse("rescale=0,2000"), of: again, on: loop).wait()
        _ = try derived.layer(try TileParameters.parse("rescale=0,3000"), of: again, on: loop).wait()
        #expect(derived.count == 2)
    }

    @Test func aLayerReadAlikeTakesNoStatisticsAgain() throws {
        let truecolor = try #require(try DemoLayers.catalog.get().layer(named: "landsat-truecolor"))
        #expect(truecolor.definition.pipeline.needsCalibration)
        let opaque = try LayerDerivation.derive(truecolor, try TileParameters.parse("return_mask=false"))
        #expect(!opaque.definition.pipeline.needsCalibration)
        // Read otherwise, the data's statistics are taken again.
        let resampled = try LayerDerivation.derive(truecolor, try TileParameters.parse("resampling=nearest"))
        #expect(resampled.definition.pipeline.needsCalibration)
    }

    @Test func theFinalColormapIsFoundInsideGraphsAndSequentials() throws {
        let colormap: ConfigValue = ["_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 1]
        let graph: ConfigValue = [
            "_target_": "Graph", "inputs": ["a"],
            "nodes": [
                [
                    "name": "n", "op": ["_target_": "Sequential", "operators": [["_target_": "Identity"], colormap]],
                    "inputs": ["a"],
                ]
            ],
            "outputs": ["out": "n"],
        ]
        let end = try #require(PipelineEnd.finalColormap(in: graph))
        #expect(end.colormap["name"] == "gray")
        let replaced = end.replacing(with: [["_target_": "Colormap", "name": "viridis", "vmin": 0, "vmax": 1]])
        let loaded = try PipelineLoader(registry: .standard).load(replaced, at: ConfigPath(root: "pipeline"))
        #expect(CanonicalJSON.string(loaded.config).contains("viridis"))
        #expect(PipelineEnd.finalColormap(in: ["_target_": "Hillshade"]) == nil)
    }
}
