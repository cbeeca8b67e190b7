import GeoToolz
import Testing

@Suite struct RoundTripTests {
    /// Configs for the algebra's own operators, written as a user would (defaults may be omitted).
    static let samples: [ConfigValue] = [
        ["_target_": "Identity"],
        ["_target_": "Stack"],
        ["_target_": "Sequential", "operators": []],
        [
            "_target_": "Sequential",
            "operators": [["_target_": "Identity"], ["_target_": "Sequential", "operators": [["_target_": "Stack"]]]],
        ],
        [
            "_target_": "Graph", "inputs": ["red", "nir"],
            "nodes": [
                ["name": "both", "op": ["_target_": "Stack"], "inputs": ["red", "nir"]],
                ["name": "same", "op": ["_target_": "Identity"], "inputs": ["both"]],
            ],
            "outputs": ["out": "same", "raw": "red"],
        ],
    ]

    @Test(arguments: samples)
    func buildingAndDumpingGivesTheSameConfig(_ config: ConfigValue) throws {
        let loader = PipelineLoader(registry: .core)
        let built = try loader.load(config, at: ConfigPath())
        #expect(built.config == config)
        let rebuilt = try loader.load(built.config, at: ConfigPath())
        #expect(rebuilt.configHash == built.configHash)
    }

    @Test func everyCoreOperatorHasASample() {
        let sampled = Set(Self.samples.compactMap { $0["_target_"]?.stringValue })
        #expect(Set(OperatorRegistry.core.names) == sampled)
    }

    @Test func theDumpedYAMLDocumentReadsBackToTheSameConfig() throws {
        let built = try PipelineLoader(registry: testRegistry).load(text: ConfigHashTests.yaml)
        let yaml = ConfigYAML.string(built.config)
        let again = try PipelineLoader(registry: testRegistry).load(text: yaml)
        #expect(again.config == built.config)
        #expect(yaml.hasPrefix("_target_: Sequential\n"))
    }

    @Test func stringsThatLookLikeOtherValuesSurviveYAML() throws {
        let value: ConfigValue = ["a": "true", "b": "12", "c": "null", "d": "", "e": "x: y", "f": "- z", "g": 1.25]
        #expect(try ConfigDocument(parsing: ConfigYAML.string(value)).root == value)
    }
}
