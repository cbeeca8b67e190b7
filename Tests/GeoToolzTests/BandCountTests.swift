import GeoToolz
import Testing

/// Operators declare the bands they take and give, so a pipeline that cannot take what it is
/// fed is refused before a pixel is read.
@Suite struct BandCountTests {
    static func build(_ text: String) throws -> any Operator {
        try PipelineLoader(registry: testRegistry).load(text: text, source: "test.yaml")
    }

    @Test func singleOperatorsDeclareWhatTheyTakeAndGive() throws {
        let colormap = try Colormap(name: "viridis", vmin: 0, vmax: 1)
        #expect(try colormap.outputBands(forInputs: [.exactly(1)]) == .exactly(1))
        #expect(throws: BandCountMismatch.self) { try colormap.outputBands(forInputs: [.exactly(4)]) }
        let composite = try Composite(red: 3, green: 2, blue: 1)
        #expect(try composite.outputBands(forInputs: [.exactly(7)]) == .exactly(3))
        #expect(throws: BandCountMismatch.self) { try composite.outputBands(forInputs: [.exactly(2)]) }
        #expect(try NormalizedDifference(a: 4, b: 3).outputBands(forInputs: [.exactly(4)]) == .exactly(1))
        #expect(try SelectBands(bands: [2, 2, 1]).outputBands(forInputs: [.exactly(2)]) == .exactly(3))
        #expect(try MaskQABits(band: 3, bits: [1]).outputBands(forInputs: [.exactly(3)]) == .exactly(2))
        #expect(throws: BandCountMismatch.self) { try ApplyMask(band: 1).outputBands(forInputs: [.exactly(1)]) }
        #expect(try ApplyMask(band: 1, keepBand: true).outputBands(forInputs: [.exactly(1)]) == .exactly(1))
        #expect(try Scale(scale: .perBand([1, 2])).outputBands(forInputs: [.exactly(2)]) == .exactly(2))
        #expect(throws: BandCountMismatch.self) {
            try Scale(scale: .perBand([1, 2])).outputBands(forInputs: [.exactly(3)])
        }
        #expect(try Gamma(gamma: 2).outputBands(forInputs: [.exactly(5)]) == .exactly(5))
        #expect(try Hillshade().outputBands(forInputs: [.unknown]) == .exactly(1))
        #expect(try Stack().outputBands(forInputs: [.exactly(2), .exactly(3)]) == .exactly(5))
        #expect(try Stack().outputBands(forInputs: [.exactly(2), .unknown]) == .unknown)
        #expect(try Lambda { $0 }.outputBands(forInputs: [.exactly(2)]) == .unknown)
        #expect(try BandMath(expression: "b1 + b3").outputBands(forInputs: [.exactly(3)]) == .exactly(1))
        #expect(throws: BandCountMismatch.self) {
            try BandMath(expression: "b1 + b3").outputBands(forInputs: [.exactly(2)])
        }
    }

    @Test func aSequentialChainsItsMembersAndLocatesTheOneThatFails() throws {
        let chain = Sequential([try NDVI(nir: 2, red: 1), try Colormap(name: "viridis", vmin: 0, vmax: 1)])
        #expect(try chain.outputBands(forInputs: [.exactly(2)]) == .exactly(1))
        let wrong = Sequential([Identity(), try Colormap(name: "viridis", vmin: 0, vmax: 1)])
        let mismatch = try #require(throws: BandCountMismatch.self) { try wrong.outputBands(forInputs: [.exactly(4)]) }
        #expect(mismatch.path == [.key("operators"), .index(1)])
        #expect(mismatch.feed == .step(path: [.key("operators"), .index(0)], operatorName: "Identity"))
        #expect(mismatch.description == "Colormap takes 1 band, gets 4")
    }

    @Test func aGraphPropagatesBandsThroughItsNodes() throws {
        let graph = try Graph(
            inputs: ["a", "b"],
            nodes: [
                .init(name: "both", op: Stack(), inputs: ["a", "b"]),
                .init(name: "rgb", op: Composite(red: 1, green: 2, blue: 3), inputs: ["both"]),
            ], outputs: ["out": "rgb"])
        #expect(try graph.outputBands(forInputs: [.exactly(2), .exactly(1)]) == .exactly(3))
        let mismatch = try #require(throws: BandCountMismatch.self) {
            try graph.outputBands(forInputs: [.exactly(1), .exactly(1)])
        }
        #expect(mismatch.path == [.key("nodes"), .index(1), .key("op")])
        #expect(mismatch.feed == .step(path: [.key("nodes"), .index(0), .key("op")], operatorName: "Stack"))
    }

    typealias Case = RefusedConfig

    /// Mismatches inside a pipeline are refused by the loader whatever feeds the pipeline.
    static let cases: [Case] = [
        Case(
            name: "an index into a composite",
            text: "_target_: Sequential\noperators:\n  - {_target_: NDVI, nir: 2, red: 1}\n  - {_target_: TrueColor}",
            path: "pipeline.operators[1]",
            message: "TrueColor takes at least 4 bands, gets 1 from pipeline.operators[0] (NDVI)"),
        Case(
            name: "a composite into a colormap",
            text: """
                _target_: Sequential
                operators:
                  - {_target_: Composite, red: 1, green: 2, blue: 3}
                  - {_target_: Colormap, name: viridis, vmin: 0, vmax: 1}
                """,
            path: "pipeline.operators[1]",
            message: "Colormap takes 1 band, gets 3 from pipeline.operators[0] (Composite)"),
        Case(
            name: "per-band limits of another count",
            text: """
                _target_: Sequential
                operators:
                  - {_target_: Scale, scale: [1, 1, 1]}
                  - {_target_: LinearStretch, vmin: [0, 0], vmax: [1, 1]}
                """,
            path: "pipeline.operators[1]",
            message: "LinearStretch takes 2 bands, gets 3 from pipeline.operators[0] (Scale)"),
        Case(
            name: "graph wiring two bands into a hillshade",
            text: """
                _target_: Graph
                inputs: [x]
                nodes:
                  - {name: index, op: {_target_: NDVI, nir: 1, red: 2}, inputs: [x]}
                  - {name: pair, op: {_target_: Stack}, inputs: [index, index]}
                  - {name: shade, op: {_target_: Hillshade}, inputs: [pair]}
                outputs: {out: shade}
                """,
            path: "pipeline.nodes[2].op", message: "Hillshade takes 1 band, gets 2 from pipeline.nodes[1].op (Stack)"),
    ]

    @Test(arguments: cases)
    func isRefusedAtLoadWithALocatedMessage(_ bad: Case) throws {
        let error = try #require(loadError(bad.text), "\(bad.name) was accepted")
        #expect(error.path.description == bad.path, "\(error)")
        #expect(error.message == bad.message, "\(error)")
        #expect(error.location != nil, "\(error)")
    }
}
