import Foundation
import TestSupport
import Testing

/// `geotoolz diff OLD NEW`: exit status 0 (no difference), 1 (differs), 2 (trouble), Markdown and
/// JSON reports, images of the worst tiles.
@Suite struct DiffCommandTests {
    /// The fixture's data folder and its two layer files.
    func fixture() throws -> (data: String, old: String, new: String) {
        let data = try OneChangedTileFixture.makeData()
        let old = data + "/old.yaml"
        let new = data + "/new.yaml"
        try OneChangedTileFixture.layer(new: false).write(toFile: old, atomically: true, encoding: .utf8)
        try OneChangedTileFixture.layer(new: true).write(toFile: new, atomically: true, encoding: .utf8)
        return (data, old, new)
    }

    func diff(_ old: String, _ new: String, data: String, _ extra: [String] = []) throws -> CommandResult {
        try GeoToolzBinary.run(
            ["diff", old, new, "--data", data, "--zoom", String(OneChangedTileFixture.zoom)] + extra)
    }

    @Test func oneChangedTileExitsOneAndLeadsTheWorstTiles() throws {
        let (data, old, new) = try fixture()
        let images = try temporaryDirectory("diff-images")
        let result = try diff(old, new, data: data, ["--tiles", "all", "--json", "--images", images])
        #expect(result.status == 1, "\(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let changed = OneChangedTileFixture.changedTile
        let tile = "\(OneChangedTileFixture.zoom)/\(changed.x)/\(changed.y)"
        let worst = try #require(report["worst"] as? [[String: Any]])
        #expect(worst.map { $0["tile"] as? String } == [tile])
        #expect(worst.first?["url"] as? String == "http://127.0.0.1:8080/tiles/heights/\(tile).png")
        #expect(report["differingTiles"] as? Int == 1)
        let config = try #require(report["config"] as? [[String: Any]])
        #expect(config.map { $0["path"] as? String } == ["pipeline.operators[0]"])
        #expect(config.first?["kind"] as? String == "added")
        let distributions = try #require(report["distributions"] as? [[String: Any]])
        let fraction = try #require(distributions.first { $0["metric"] as? String == "changedFraction" })
        #expect(fraction["p50"] as? Double == 0 && fraction["max"] as? Double == 1)
        let stem = "\(OneChangedTileFixture.zoom)-\(changed.x)-\(changed.y)"
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: images).sorted() == [
                "\(stem)-diff.png", "\(stem)-side.png",
            ])
        // The side-by-side image is the two tiles next to each other: 512 × 256.
        let size = try runToCompletion(
            "/usr/bin/python3",
            [
                "-c", "import sys; from PIL import Image; print(*Image.open(sys.argv[1]).size)",
                images + "/\(stem)-side.png",
            ])
        #expect(size.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines) == "512 256")
    }

    @Test func theSameLayerExitsZeroAndMarkdownSaysSo() throws {
        let (data, _, new) = try fixture()
        let result = try diff(new, new, data: data, ["--tiles", "20"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("**no difference**: 0 of 20 compared tiles"))
        #expect(result.standardOutput.contains("No config changes."))
        #expect(result.standardOutput.contains("| changedFraction | 0 | 0 | 0 | 0 |"))
    }

    @Test func aChangeWithinTheToleranceExitsZero() throws {
        let (data, old, new) = try fixture()
        let within = try diff(old, new, data: data, ["--tiles", "all", "--tolerance", "150"])
        #expect(within.status == 0, "\(within.standardError)\n\(within.standardOutput)")
        // The config still differs in its pipeline: --strict-config counts it.
        let strict = try diff(old, new, data: data, ["--tiles", "all", "--tolerance", "150", "--strict-config"])
        #expect(strict.status == 1)
        #expect(strict.standardOutput.contains("| `pipeline.operators[0]` | added |"))
    }

    @Test func aColormapChangeChangesColoursNotValuesAndExitsOne() throws {
        let (data, _, new) = try fixture()
        let recoloured = data + "/recoloured.yaml"
        try OneChangedTileFixture.layer(new: true).replacingOccurrences(of: "vmax: 6000", with: "vmax: 5000")
            .write(toFile: recoloured, atomically: true, encoding: .utf8)
        let result = try diff(new, recoloured, data: data, ["--tiles", "10", "--json", "--tolerance", "1"])
        #expect(result.status == 1, "\(result.standardError)")
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let config = try #require(report["config"] as? [[String: Any]])
        #expect(config.map { $0["text"] as? String } == ["pipeline.operators[1].vmax: 6000 → 5000"])
        let distributions = try #require(report["distributions"] as? [[String: Any]])
        let values = try #require(distributions.first { $0["metric"] as? String == "valueChangedFraction" })
        let colours = try #require(distributions.first { $0["metric"] as? String == "renderedChangedFraction" })
        #expect(values["max"] as? Double == 0)
        #expect((colours["p50"] as? Double ?? 0) > 0.5, "\(colours)")
    }

    @Test func troubleExitsTwoNamingTheFileAndField() throws {
        let (data, old, _) = try fixture()
        let missing = try diff(old, data + "/missing.yaml", data: data)
        #expect(missing.status == 2)
        #expect(missing.standardError.contains("missing.yaml"), "\(missing.standardError)")
        let bad = data + "/bad.yaml"
        try OneChangedTileFixture.layer(new: false).replacingOccurrences(of: "nearest", with: "sideways")
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let badField = try diff(old, bad, data: data)
        #expect(badField.status == 2)
        #expect(
            badField.standardError.contains("bad.yaml") && badField.standardError.contains("resampling"),
            "\(badField.standardError)")
        let noData = try diff(old, old, data: data + "/nowhere")
        #expect(noData.status == 2 && noData.standardError.contains("error:"), "\(noData.standardError)")
    }
}
