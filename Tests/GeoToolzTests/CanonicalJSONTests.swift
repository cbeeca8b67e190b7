import GeoToolz
import Testing

@Suite struct CanonicalJSONTests {
    @Test(arguments: [
        (0.0, "0"), (-0.0, "0"), (1.0, "1"), (-1.0, "-1"), (0.1, "0.1"), (1.5, "1.5"),
        (100.0, "100"), (123.25, "123.25"), (1e21, "1e+21"), (1e20, "100000000000000000000"),
        (1e-6, "0.000001"), (1e-7, "1e-7"), (1.25e-7, "1.25e-7"), (Double.leastNonzeroMagnitude, "5e-324"),
        (1.7976931348623157e308, "1.7976931348623157e+308"), (123456789.125, "123456789.125"),
        (0.30000000000000004, "0.30000000000000004"), (-2.5e-10, "-2.5e-10"), (65535.0, "65535"),
    ])
    func numbersAreWrittenAsECMAScriptWritesThem(value: Double, expected: String) {
        #expect(CanonicalJSON.string(.number(value)) == expected)
    }

    @Test func keysAreSortedAndSpaceIsDropped() {
        let value: ConfigValue = ["b": [1, 2.5, "x"], "a": ["z": true, "_target_": "Op", "B": nil]]
        #expect(CanonicalJSON.string(value) == #"{"a":{"B":null,"_target_":"Op","z":true},"b":[1,2.5,"x"]}"#)
    }

    @Test func stringsAreEscapedMinimally() {
        let value: ConfigValue = .string("quote\" back\\ tab\t nl\n bell\u{07} é ✓")
        #expect(CanonicalJSON.string(value) == #""quote\" back\\ tab\t nl\n bell\u0007 é ✓""#)
    }
}

@Suite struct ConfigHashTests {
    static let yaml = """
        _target_: Sequential
        operators:
          - _target_: AddConstant
            value: 1.5
            halo: 0
          - _target_: Graph
            inputs: [x]
            nodes:
              - name: plus
                op: {_target_: AddConstant, value: -2, halo: 1}
                inputs: [x]
            outputs: {out: plus}
        """

    static let json = """
        {"operators": [{"halo": 0.0, "value": 1.50, "_target_": "AddConstant"},
          {"outputs": {"out": "plus"}, "nodes": [{"inputs": ["x"], "name": "plus",
            "op": {"_target_": "AddConstant", "halo": 1, "value": -2e0}}],
           "inputs": ["x"], "_target_": "Graph"}],
         "_target_": "Sequential"}
        """

    /// Pinned: the hash must never change across runs, processes, machines or releases.
    static let golden = "1c2e2ddf22e5ec96a91974cd99c577057f8b595863d5c41650c5dd59bcb7f5ed"
    static let goldenCanonical =
        #"{"_target_":"Sequential","operators":[{"_target_":"AddConstant","halo":0,"value":1.5},"#
        + #"{"_target_":"Graph","inputs":["x"],"nodes":[{"inputs":["x"],"name":"plus","op":{"_target_":"AddConstant","#
        + #""halo":1,"value":-2}}],"outputs":{"out":"plus"}}]}"#

    @Test func yamlAndJSONGiveTheGoldenHash() throws {
        let loader = PipelineLoader(registry: testRegistry)
        let fromYAML = try loader.load(text: Self.yaml)
        let fromJSON = try loader.load(text: Self.json)
        #expect(CanonicalJSON.string(fromYAML.config) == Self.goldenCanonical)
        #expect(fromYAML.configHash == Self.golden)
        #expect(fromJSON.configHash == Self.golden)
    }

    @Test func theSamePipelineBuiltInCodeHasTheSameHash() throws {
        let graph = try Graph(
            inputs: ["x"], nodes: [Graph.Node(name: "plus", op: AddConstant(-2, halo: 1), inputs: ["x"])],
            outputs: ["out": "plus"])
        let pipeline = AddConstant(1.5) | graph
        #expect(pipeline.configHash == Self.golden)
    }

    @Test func anyChangeChangesTheHash() throws {
        let loader = PipelineLoader(registry: testRegistry)
        let changed = try loader.load(text: Self.yaml.replacingOccurrences(of: "value: 1.5", with: "value: 1.25"))
        #expect(changed.configHash != Self.golden)
    }

    @Test func emptyConfigsHaveKnownHashes() {
        // sha256 of the literal text {"_target_":"Identity"}.
        #expect(Identity().configHash == "a487be8968ccf09e92a7d92e5030507dab26398f7643b3236042a4ddc740705a")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
