import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzArtifact
import GeoToolzIO

/// `serve --artifact`: the artifact's one layer, served once its inputs' hashes match. The layer
/// is loaded as any layer file is (its config written out as one), over the data inside the
/// artifact when it holds it, else over `--data`, rendering with the frozen encoder settings.
struct ArtifactServing {
    /// Catalog options loading just the artifact's layer.
    let catalog: CatalogOptions
    private let manifest: ArtifactManifest

    /// Checks the inputs; exits 1 with the drifts when they do not match.
    init(_ path: String, over options: CatalogOptions) throws {
        let artifact: Artifact
        do { artifact = try Artifact(path: path) } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        manifest = artifact.manifest
        // Extracted data stays for as long as the server runs.
        let (dataDirectory, _) = try ArtifactData.directory(
            for: artifact, data: manifest.includesData ? nil : options.data)
        let drifts = ArtifactVerifier(artifact).inputDrifts(dataDirectory: dataDirectory)
        guard drifts.isEmpty else {
            for drift in drifts { printError("drift: \(drift)") }
            printError("error: the inputs of \(path) do not match its manifest: refusing to serve")
            throw ExitCode.failure
        }
        let folder = NSTemporaryDirectory() + "geotoolz-artifact-layer-\(UUID().uuidString)"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            // JSON is YAML: the config goes through the same sandboxed loader as any layer file.
            try CanonicalJSON.string(manifest.layer.config.value).write(
                toFile: "\(folder)/\(manifest.layer.name).yaml", atomically: true, encoding: .utf8)
        } catch {
            printError("error: cannot write the artifact's layer file: \(error.localizedDescription)")
            throw ExitCode.failure
        }
        var catalog = options
        catalog.layers = folder
        catalog.data = dataDirectory.root
        catalog.pngLevel = manifest.render.pngLevel
        catalog.pngFilter = manifest.render.pngFilter
        catalog.webpQuality = Int(manifest.render.webpQuality)
        catalog.jpegQuality = manifest.render.jpegQuality
        self.catalog = catalog
    }

    /// Exits 1 unless the loaded layer draws what was frozen (same `Layer.configHash`).
    func check(_ layers: LayerCatalog) throws {
        guard let layer = layers.layer(named: manifest.layer.name), layer.configHash == manifest.layer.configHash else {
            printError(
                "error: the artifact's layer loads with config hash "
                    + "\(layers.layers.first?.configHash ?? "(none)"), frozen as \(manifest.layer.configHash): "
                    + "its render settings cannot be reproduced by serve's options")
            throw ExitCode.failure
        }
    }
}
