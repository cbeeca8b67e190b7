import Foundation
import GeoToolz
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzArtifact

/// Freezing a layer and verifying it: what matches passes, and each kind of drift is named.
@Suite(.serialized) struct ArtifactVerifierTests {
    let folder: String

    init() throws {
        folder = try temporaryDirectory("artifact")
    }

    /// Freezes the elevation layer coloured up to `vmax` (4 reference tiles at zooms 6–7).
    func freeze(vmax: Int = 4400, pipeline: String? = nil, name: String = "elevation") throws -> String {
        let layers = try temporaryDirectory("artifact-layers")
        let file = "\(layers)/\(name).yaml"
        try elevationLayer(
            name: name, pipeline: pipeline ?? "{_target_: Colormap, name: terrain, vmin: 0, vmax: \(vmax)}"
        ).write(toFile: file, atomically: true, encoding: .utf8)
        var request = FreezeRequest(layerFile: file, dataDirectory: try DataDirectory(PackagePaths.data))
        request.zooms = 6...7
        request.referenceTiles = 4
        request.storedTiles = 2
        let output = "\(folder)/\(name)-\(vmax)-\(UUID().uuidString).tar"
        try ArtifactFreezer.freeze(request, to: output)
        return output
    }

    func verify(_ path: String, strict: Bool = false, change: (inout ArtifactVerifier) -> Void = { _ in }) throws
        -> VerifyReport
    {
        var verifier = ArtifactVerifier(try Artifact(path: path))
        verifier.strict = strict
        change(&verifier)
        return verifier.verify(dataDirectory: try DataDirectory(PackagePaths.data))
    }

    /// A copy of `path` holding `manifest` and the tile members of `tiles` (default: the original's).
    func rewrite(_ path: String, manifest: ArtifactManifest, tiles: String? = nil) throws -> String {
        let output = "\(folder)/rewritten-\(UUID().uuidString).tar"
        let writer = try TarWriter(path: output)
        try writer.add(ArtifactManifest.memberName, data: try manifest.encoded())
        let source = try TarReader(path: tiles ?? path)
        for member in source.members where member.name.hasPrefix("tiles/") {
            try writer.add(member.name, data: source.data(of: member))
        }
        try writer.finish()
        return output
    }

    @Test func aFrozenLayerVerifiesOverTheSameData() throws {
        let path = try freeze()
        let manifest = try Artifact(path: path).manifest
        let reference = try runToCompletion("/usr/bin/sha256sum", [PackagePaths.data + "/srtm90.tif"])
        #expect(manifest.inputs.map(\.path) == ["srtm90.tif"])
        #expect(manifest.inputs.first?.sha256 == reference.standardOutput.split(separator: " ").first.map(String.init))
        #expect(manifest.referenceTiles.count == 5 && manifest.referenceTiles.last?.scale == 2)
        #expect(manifest.referenceTiles.compactMap(\.file).count == 2)
        #expect(
            manifest.versions["gdal"] == LibraryVersions.gdal && manifest.versions["libpng"]?.hasPrefix("1.") == true)
        let report = try verify(path)
        #expect(report.passed && report.tilesChecked == 5 && report.inputsChecked == 1, "\(report.lines)")
    }

    @Test func aChangedVersionIsAWarningUnlessStrict() throws {
        let path = try freeze()
        let lenient = try verify(path) { $0.environment.versions["gdal"] = "0.0-test" }
        #expect(lenient.passed, "\(lenient.lines)")
        #expect(
            lenient.warnings == [.version(name: "gdal", frozen: LibraryVersions.gdal, found: "0.0-test")],
            "\(lenient.lines)")
        let strict = try verify(path, strict: true) { $0.environment.platform["glibc"] = "9.99" }
        #expect(!strict.passed && strict.drifts.count == 1, "\(strict.lines)")
        #expect(strict.lines.contains { $0.hasPrefix("drift: version glibc: 9.99, frozen with ") }, "\(strict.lines)")
    }

    @Test func tilesOfAnotherPipelineAreNamedWithTheirChangedPixels() throws {
        let original = try freeze(vmax: 4400)
        let other = try freeze(vmax: 3000)
        var manifest = try Artifact(path: original).manifest
        let swapped = try Artifact(path: other).manifest.referenceTiles
        #expect(swapped.map(\.description) == manifest.referenceTiles.map(\.description))
        manifest.referenceTiles = swapped
        let report = try verify(try rewrite(original, manifest: manifest, tiles: other))
        #expect(!report.passed)
        #expect(report.drifts.count == swapped.count, "\(report.lines)")
        for (drift, tile) in zip(report.drifts, swapped) {
            guard case .tile(let address, let frozen, let rendered, let changed) = drift else {
                Issue.record("not a tile drift: \(drift)")
                continue
            }
            #expect(address == tile.description && frozen == tile.sha256 && rendered != tile.sha256)
            // Only stored tiles can be compared pixel by pixel.
            if tile.file != nil {
                let fraction = try #require(changed)
                #expect(fraction > 0 && fraction <= 1)
            } else {
                #expect(changed == nil)
            }
        }
    }

    @Test func changedPixelsAreCountedFromDecodedTiles() throws {
        let layers = try DemoLayers.custom([
            "a": elevationLayer(name: "a"),
            "b": elevationLayer(name: "b", pipeline: "{_target_: Colormap, name: terrain, vmin: 0, vmax: 3000}"),
        ])
        let tile = try TileID("9/86/198")
        let a = try DecodedTile(layers[0].render(tile).data)
        let b = try DecodedTile(layers[1].render(tile).data)
        #expect(a.width == 256 && a.height == 256)
        #expect(a.changedFraction(from: a) == 0)
        let fraction = b.changedFraction(from: a)
        #expect(fraction > 0 && fraction <= 1, "\(fraction)")
    }

    @Test func anUnregisteredOperatorInTheConfigIsRefusedByTheLoader() throws {
        let path = try freeze()
        var manifest = try Artifact(path: path).manifest
        guard case .object(var entries) = manifest.layer.config.value else { throw CLITestFailure("no config") }
        entries["pipeline"] = ["_target_": "os.system", "command": "true"]
        manifest.layer.config = JSONConfig(.object(entries))
        let report = try verify(try rewrite(path, manifest: manifest))
        #expect(report.drifts.count == 2, "\(report.lines)")
        #expect(
            report.drifts.contains(
                .configDocument(frozen: manifest.layer.documentHash, found: ConfigHash.of(.object(entries)))))
        #expect(report.lines.contains { $0.contains("unknown operator 'os.system'") }, "\(report.lines)")
    }

    @Test func aManifestOfAnotherKindIsRefused() throws {
        #expect(throws: ArtifactError.self) { try ArtifactManifest.decode(Data("{\"format\": \"other\"}".utf8)) }
        let path = try freeze()
        var manifest = try Artifact(path: path).manifest
        manifest.formatVersion = ArtifactManifest.currentFormatVersion + 1
        let newer = try rewrite(path, manifest: manifest)
        #expect(throws: ArtifactError.self) { try Artifact(path: newer) }
    }
}

struct CLITestFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}
