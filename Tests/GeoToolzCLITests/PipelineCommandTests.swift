import Testing

@Suite struct PipelineCommandTests {
    @Test func validateRefusesAnUnregisteredTargetAndSaysWhere() throws {
        let file = try GeoToolzBinary.temporaryFile(
            "evil.yaml",
            """
            _target_: Sequential
            operators:
              - _target_: Identity
              - _target_: os.system
                command: rm -rf /
            """)
        let result = try GeoToolzBinary.run(["pipeline", "validate", file])
        #expect(result.status != 0)
        #expect(result.standardError.contains("\(file):4:15: pipeline.operators[1]._target_"))
        #expect(result.standardError.contains("unknown operator 'os.system'"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func validateRefusesAColormapRangeFloat32CannotCarryAndSaysWhere() throws {
        let file = try GeoToolzBinary.temporaryFile(
            "overflow.yaml",
            """
            _target_: Sequential
            operators:
              - {_target_: Identity}
              - {_target_: Colormap, name: viridis, vmin: -1e308, vmax: 1e308}
            """)
        let result = try GeoToolzBinary.run(["pipeline", "validate", file])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(result.standardError.contains("\(file):4:"), "\(result.standardError)")
        #expect(result.standardError.contains("pipeline.operators[1].vmin: vmin (-1e+308) is beyond ±3.4e38"))
        #expect(result.standardOutput.isEmpty)
    }

    @Test func validateRefusesOperatorsThatCannotTakeWhatTheOneBeforeGives() throws {
        let file = try GeoToolzBinary.temporaryFile(
            "chain.yaml",
            """
            _target_: Sequential
            operators:
              - {_target_: Composite, red: 1, green: 2, blue: 3}
              - {_target_: Colormap, name: viridis, vmin: 0, vmax: 1}
            """)
        let result = try GeoToolzBinary.run(["pipeline", "validate", file])
        #expect(result.status == 1, "\(result.standardError)")
        #expect(
            result.standardError.contains(
                "pipeline.operators[1]: Colormap takes 1 band, gets 3 from pipeline.operators[0] (Composite)"),
            "\(result.standardError)")
    }

    @Test func hashPrintsTheCanonicalFormAndAStableHash() throws {
        let yaml = try GeoToolzBinary.temporaryFile(
            "p.yaml", "_target_: Sequential\noperators:\n  - {_target_: Identity}\n  - {_target_: Stack}\n")
        let json = try GeoToolzBinary.temporaryFile(
            "p.json", #"{"operators":[{"_target_":"Identity"},{"_target_":"Stack"}],"_target_":"Sequential"}"#)
        let fromYAML = try GeoToolzBinary.run(["pipeline", "hash", yaml])
        let fromJSON = try GeoToolzBinary.run(["pipeline", "hash", json])
        #expect(fromYAML.status == 0)
        let expected = """
            {"_target_":"Sequential","operators":[{"_target_":"Identity"},{"_target_":"Stack"}]}
            4dcfb49aae171b3ef5acdc21a7250139afae51009ec2ee5e96e27a86d2e434d4

            """
        #expect(fromYAML.standardOutput == expected)
        #expect(fromJSON.standardOutput == expected)
    }

    @Test func validateAcceptsAGoodFile() throws {
        let file = try GeoToolzBinary.temporaryFile("ok.yaml", "_target_: Identity\n")
        let result = try GeoToolzBinary.run(["pipeline", "validate", file])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("ok a487be8968ccf09e92a7d92e5030507dab26398f7643b3236042a4ddc740705a"))
    }

    @Test func aMissingFileIsAnError() throws {
        let result = try GeoToolzBinary.run(["pipeline", "validate", "/nonexistent/p.yaml"])
        #expect(result.status != 0)
        #expect(result.standardError.contains("/nonexistent/p.yaml: pipeline: cannot read the file"))
    }

    @Test func helpListsTheSubcommands() throws {
        let result = try GeoToolzBinary.run(["--help"])
        #expect(result.status == 0)
        #expect(result.standardOutput.contains("pipeline"))
    }
}
