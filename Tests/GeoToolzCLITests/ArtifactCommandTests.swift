import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz artifact freeze|verify|show` and `serve --artifact` as a user runs them; tarballs are
/// read and edited with GNU tar and Python's tarfile, hashes checked with sha256sum.
@Suite(.serialized, .timeLimit(.minutes(10))) struct ArtifactCommandTests {
    let layers: String
    let folder: String

    init() throws {
        layers = try PackageFolders.layerFolder(["elevation": PackageFolders.demoLayer("elevation")])
        folder = try temporaryDirectory("artifact-cli")
    }

    func freeze(_ extra: [String], layers: String? = nil, data: String = PackageFolders.data) throws -> CommandResult {
        try GeoToolzBinary.run(
            [
                "artifact", "freeze", "--layers", layers ?? self.layers, "--data", data, "--layer", "elevation",
                "--zoom", "6-7", "--reference-tiles", "4",
            ] + extra)
    }

    func verify(_ file: String, _ extra: [String] = []) throws -> CommandResult {
        try GeoToolzBinary.run(["artifact", "verify", file] + extra)
    }

    /// Runs Python on `arguments`; fails the test when it fails.
    func python(_ script: String, _ arguments: [String]) throws -> String {
        let result = try runToCompletion("/usr/bin/python3", ["-c", script] + arguments)
        guard result.status == 0 else { throw CLITestError("python failed: \(result.standardError)") }
        return result.standardOutput
    }

    /// A copy of the artifact `source` at `output` whose manifest `edit` (Python, on `m`) changed;
    /// written by Python's tarfile.
    func rewrite(_ source: String, _ output: String, edit: String) throws {
        let script = """
            import io, json, sys, tarfile
            with tarfile.open(sys.argv[1]) as old, tarfile.open(sys.argv[2], "w") as new:
                for member in old.getmembers():
                    data = old.extractfile(member).read()
                    if member.name == "manifest.json":
                        m = json.loads(data)
            \(edit.split(separator: "\n").map { "            " + $0 }.joined(separator: "\n"))
                        data = json.dumps(m, indent=2).encode()
                        member.size = len(data)
                    new.addfile(member, io.BytesIO(data))
            """
        _ = try python(script, [source, output])
    }

    /// The manifest of `file`, read by Python's tarfile.
    func manifest(_ file: String) throws -> [String: Any] {
        let text = try python(
            "import sys, tarfile; sys.stdout.write(tarfile.open(sys.argv[1]).extractfile('manifest.json').read().decode())",
            [file])
        return try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    func sha256sum(_ path: String) throws -> String {
        let result = try runToCompletion("/usr/bin/sha256sum", [path])
        return String(result.standardOutput.prefix(64))
    }

    @Test func aFrozenLayerVerifiesAndItsTarballIsStandard() throws {
        let file = folder + "/elevation.tar"
        let frozen = try freeze(["-o", file, "--meta", "author=A. Person", "--meta", "doi=10.5281/zenodo.1"])
        #expect(frozen.status == 0, "\(frozen.standardError)")
        let verified = try verify(file, ["--data", PackageFolders.data])
        #expect(verified.status == 0, "\(verified.standardOutput)\(verified.standardError)")
        #expect(verified.standardOutput.contains("verified: 1 inputs, config, 5 reference tiles match"))

        let listed = try runToCompletion("/usr/bin/tar", ["-tf", file])
        #expect(listed.status == 0, "\(listed.standardError)")
        let names = listed.standardOutput.split(separator: "\n")
        #expect(
            names.first == "manifest.json" && names.dropFirst().allSatisfy { $0.hasPrefix("tiles/") }
                && names.count == 5)

        let manifest = try manifest(file)
        let inputs = try #require(manifest["inputs"] as? [[String: Any]])
        #expect(inputs.count == 1 && inputs[0]["path"] as? String == "srtm90.tif")
        #expect(inputs[0]["sha256"] as? String == (try sha256sum(PackageFolders.data + "/srtm90.tif")))
        #expect(manifest["metadata"] as? [String: String] == ["author": "A. Person", "doi": "10.5281/zenodo.1"])
        let versions = try #require(manifest["versions"] as? [String: String])
        for key in ["geotoolz", "gdal", "proj", "libpng", "libdeflate", "libwebp", "libjpeg-turbo", "swift"] {
            #expect(!(versions[key] ?? "").isEmpty, "\(key)")
        }
        let gdal = try runToCompletion("/usr/bin/env", ["gdal-config", "--version"])
        if gdal.status == 0 {
            #expect(versions["gdal"] == gdal.standardOutput.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        // The stored tiles are the bytes the manifest hashes.
        let extracted = try temporaryDirectory("artifact-x")
        #expect(try runToCompletion("/usr/bin/tar", ["-xf", file, "-C", extracted]).status == 0)
        for case let tile as [String: Any] in manifest["referenceTiles"] as? [Any] ?? [] {
            guard let name = tile["file"] as? String else { continue }
            #expect(try sha256sum(extracted + "/" + name) == tile["sha256"] as? String, "\(name)")
        }

        let shown = try GeoToolzBinary.run(["artifact", "show", file])
        #expect(shown.status == 0 && shown.standardOutput.contains("layer elevation"))
        #expect(shown.standardOutput.contains("srtm90.tif") && shown.standardOutput.contains("author: A. Person"))
        let json = try GeoToolzBinary.run(["artifact", "show", "--json", file])
        #expect(Data(json.standardOutput.utf8) == FileManager.default.contents(atPath: extracted + "/manifest.json"))
    }

    @Test func aByteChangedInAnInputIsNamedAndServingIsRefused() throws {
        let data = try temporaryDirectory("artifact-data")
        try FileManager.default.copyItem(atPath: PackageFolders.data + "/srtm90.tif", toPath: data + "/srtm90.tif")
        let file = folder + "/copy.tar"
        let frozen = try freeze(["-o", file], data: data)
        #expect(frozen.status == 0, "\(frozen.standardError)")
        let before = try sha256sum(data + "/srtm90.tif")
        #expect(try verify(file, ["--data", data]).status == 0)
        // One byte past the header, inside the compressed pixel data.
        let handle = try #require(FileHandle(forUpdatingAtPath: data + "/srtm90.tif"))
        let middle = try handle.seekToEnd() / 2
        try handle.seek(toOffset: middle)
        let byte = try #require(try handle.read(upToCount: 1))
        try handle.seek(toOffset: middle)
        try handle.write(contentsOf: Data([byte[0] ^ 0x01]))
        try handle.close()
        let after = try sha256sum(data + "/srtm90.tif")
        #expect(before != after)

        let result = try verify(file, ["--data", data])
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("drift: input srtm90.tif: SHA-256 \(after), frozen as \(before)"))
        #expect(result.standardOutput.contains("drifted:"))

        let port = freeLoopbackPort()
        let server = try BackgroundCommand(["serve", "--artifact", file, "--data", data, "--port", String(port)])
        #expect(try server.wait() == 1)
        #expect(server.output.contains("drift: input srtm90.tif") && server.output.contains("refusing to serve"))
        #expect(!isListening(port))
    }

    @Test func anEditedConfigIsNamedWithItsHashBothWays() throws {
        let file = folder + "/config.tar"
        #expect(try freeze(["-o", file]).status == 0)
        let edited = folder + "/config-edited.tar"
        try rewrite(file, edited, edit: #"m["layer"]["config"]["pipeline"]["operators"][0]["vmax"] = 3000"#)
        // The same edit made to the layer file, frozen the ordinary way, gives the hash to expect.
        let other = try PackageFolders.layerFolder([
            "elevation": PackageFolders.demoLayer("elevation").replacingOccurrences(
                of: "vmax: 4400", with: "vmax: 3000")
        ])
        let reference = folder + "/config-reference.tar"
        #expect(try freeze(["-o", reference], layers: other).status == 0)
        let frozenHash = try #require((try manifest(file)["layer"] as? [String: Any])?["configHash"] as? String)
        let editedHash = try #require((try manifest(reference)["layer"] as? [String: Any])?["configHash"] as? String)
        #expect(frozenHash != editedHash)

        let result = try verify(edited, ["--data", PackageFolders.data])
        #expect(result.status == 1, "\(result.standardOutput)\(result.standardError)")
        #expect(
            result.standardOutput.contains(
                "drift: config: the layer built from the artifact's config has config hash \(editedHash), frozen as \(frozenHash)"
            ), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("drift: config: the artifact's config document hashes to"))
        #expect(!result.standardOutput.contains("drift: input"))
    }

    @Test func anEditedReferenceTileHashIsNamed() throws {
        let file = folder + "/tiles.tar"
        #expect(try freeze(["-o", file]).status == 0)
        let tiles = try #require(try manifest(file)["referenceTiles"] as? [[String: Any]])
        let tile = tiles[2]
        let address = "\(tile["z"]!)/\(tile["x"]!)/\(tile["y"]!).png"
        let edited = folder + "/tiles-edited.tar"
        try rewrite(file, edited, edit: #"m["referenceTiles"][2]["sha256"] = "0" * 64"#)
        let result = try verify(edited, ["--data", PackageFolders.data])
        #expect(result.status == 1)
        let drifts = result.standardOutput.split(separator: "\n").filter { $0.hasPrefix("drift:") }
        #expect(
            drifts == [
                "drift: tile \(address): SHA-256 \(tile["sha256"]!), frozen as \(String(repeating: "0", count: 64))"
            ],
            "\(result.standardOutput)")
    }

    @Test func anArtifactWithItsDataVerifiesWithoutADataDirectory() throws {
        let file = folder + "/with-data.tar"
        let frozen = try freeze(["-o", file, "--include-data"])
        #expect(frozen.status == 0, "\(frozen.standardError)")
        let listed = try runToCompletion("/usr/bin/tar", ["-tf", file])
        #expect(listed.standardOutput.split(separator: "\n").contains("data/srtm90.tif"))
        let empty = try temporaryDirectory("artifact-empty")
        let binary = GeoToolzBinary.productsDirectory.appendingPathComponent("geotoolz").path
        let result = try runToCompletion(
            "/bin/sh", ["-c", "cd \"$1\" && exec \"$2\" artifact verify \"$3\"", "sh", empty, binary, file])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardOutput.contains("verified: 1 inputs"))
        // Without the data inside, the same empty directory has nothing to verify against.
        let bare = folder + "/bare.tar"
        #expect(try freeze(["-o", bare]).status == 0)
        let missing = try runToCompletion(
            "/bin/sh", ["-c", "cd \"$1\" && exec \"$2\" artifact verify \"$3\"", "sh", empty, binary, bare])
        #expect(missing.status == 2, "\(missing.standardOutput)\(missing.standardError)")

        let capped = try freeze(["-o", folder + "/capped.tar", "--include-data", "--include-data-limit", "1"])
        #expect(
            capped.status == 1 && capped.standardError.contains("more than the limit of 1.0 MB"),
            "\(capped.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/capped.tar"))
    }

    @Test func serveArtifactAnswersTheBytesOfANormalServe() throws {
        let file = folder + "/serve.tar"
        #expect(try freeze(["-o", file, "--include-data"]).status == 0)
        let normalPort = freeLoopbackPort()
        let normal = try BackgroundCommand([
            "serve", "--layers", layers, "--data", PackageFolders.data, "--port", String(normalPort),
        ])
        let frozenPort = freeLoopbackPort()
        let frozen = try BackgroundCommand(["serve", "--artifact", file, "--port", String(frozenPort)])
        try #require(waitFor { isListening(normalPort) }, "\(normal.output)")
        try #require(waitFor { isListening(frozenPort) }, "\(frozen.output)")
        var compared = 0
        for address in ["6/10/24", "7/21/49", "8/43/99", "9/86/198@2x", "9/86/198"] {
            let a = folder + "/a.png"
            let b = folder + "/b.png"
            let first = try runToCompletion(
                "/usr/bin/curl", ["-sf", "http://127.0.0.1:\(normalPort)/tiles/elevation/\(address).png", "-o", a])
            let second = try runToCompletion(
                "/usr/bin/curl", ["-sf", "http://127.0.0.1:\(frozenPort)/tiles/elevation/\(address).png", "-o", b])
            #expect(first.status == second.status, "\(address)")
            guard first.status == 0 else { continue }
            let bytes = try Data(contentsOf: URL(fileURLWithPath: a))
            #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: b))), "\(address)")
            if !bytes.isEmpty { compared += 1 }
        }
        #expect(compared >= 3)
        normal.signal(SIGTERM)
        frozen.signal(SIGTERM)
        #expect(try normal.wait() == 0)
        #expect(try frozen.wait() == 0)
    }
}
