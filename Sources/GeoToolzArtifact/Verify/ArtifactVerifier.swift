import Foundation
import GeoToolz
import GeoToolzIO

/// Checks an artifact against data and this build: inputs re-hashed, the layer rebuilt from the
/// config through the sandboxed loader, versions compared, reference tiles re-rendered through
/// `Layer.render`.
public struct ArtifactVerifier: Sendable {
    public let artifact: Artifact
    /// What this process renders with.
    public var environment = BuildEnvironment.current()
    /// Whether a changed version fails verification; otherwise it is a warning, since identical
    /// tile bytes are what a release promises.
    public var strict = false

    public init(_ artifact: Artifact) {
        self.artifact = artifact
    }

    /// Every check, over the data in `dataDirectory`.
    public func verify(dataDirectory: DataDirectory) -> VerifyReport {
        var report = VerifyReport()
        report.drifts += inputDrifts(dataDirectory: dataDirectory)
        report.inputsChecked = artifact.manifest.inputs.count
        let versions = versionDrifts()
        if strict { report.drifts += versions } else { report.warnings += versions }
        let frozen = artifact.manifest.layer
        let found = ConfigHash.of(frozen.config.value)
        if found != frozen.documentHash {
            report.drifts.append(.configDocument(frozen: frozen.documentHash, found: found))
        }
        let layer: Layer
        do {
            layer = try buildLayer(dataDirectory: dataDirectory)
        } catch {
            report.drifts.append(.layerUnbuildable("\(error)"))
            return report
        }
        if layer.configHash != frozen.configHash {
            report.drifts.append(.configHash(frozen: frozen.configHash, rebuilt: layer.configHash))
        }
        if let files = try? InputInventory.files(of: layer, in: dataDirectory) {
            let listed = Set(artifact.manifest.inputs.map(\.path))
            report.drifts += files.map(\.relative).filter { !listed.contains($0) }.map { .unlistedInput(path: $0) }
        }
        for reference in artifact.manifest.referenceTiles {
            report.tilesChecked += 1
            if let drift = tileDrift(reference, layer: layer) { report.drifts.append(drift) }
        }
        return report
    }

    /// The inputs whose content differs from the manifest's, or that are gone.
    public func inputDrifts(dataDirectory: DataDirectory) -> [Drift] {
        var drifts = [Drift]()
        for input in artifact.manifest.inputs {
            guard let path = try? dataDirectory.resolve(input.path),
                let digest = try? FileDigest.sha256(contentsOf: path)
            else {
                drifts.append(.missingInput(path: input.path, frozen: input.sha256))
                continue
            }
            if digest.sha256 != input.sha256 {
                drifts.append(.input(path: input.path, frozen: input.sha256, found: digest.sha256))
            }
        }
        return drifts
    }

    /// The versions and platform fields that differ from this process's; a commit that is not
    /// known on either side is not compared.
    public func versionDrifts() -> [Drift] {
        let manifest = artifact.manifest
        var drifts = [Drift]()
        for (frozen, now) in [(manifest.versions, environment.versions), (manifest.platform, environment.platform)] {
            for key in Set(frozen.keys).union(now.keys).sorted() {
                if key == "commit" && (frozen[key] == nil || now[key] == nil) { continue }
                let (then, found) = (frozen[key] ?? "(not recorded)", now[key] ?? "(unknown)")
                if then != found { drifts.append(.version(name: key, frozen: then, found: found)) }
            }
        }
        return drifts
    }

    /// The layer the artifact's config defines over `dataDirectory`, rendering with the frozen settings.
    public func buildLayer(dataDirectory: DataDirectory, renderThreads: Int = 1) throws -> Layer {
        let manifest = artifact.manifest
        return try ArtifactLayer.build(
            config: manifest.layer.config.value, name: manifest.layer.name, dataDirectory: dataDirectory,
            options: manifest.render.layerOptions(renderThreads: renderThreads))
    }

    private func tileDrift(_ reference: ReferenceTile, layer: Layer) -> Drift? {
        let address = reference.description
        let rendered: RenderedTile
        do {
            rendered = try layer.render(reference.tile(), scale: reference.scale, format: reference.tileFormat())
        } catch {
            return .tileFailed(address: address, message: "\(error)")
        }
        let digest = FileDigest.sha256(rendered.data)
        guard digest != reference.sha256 else { return nil }
        var changed: Double?
        if let stored = artifact.storedBytes(of: reference), FileDigest.sha256(stored) == reference.sha256,
            let before = try? DecodedTile(stored), let after = try? DecodedTile(rendered.data)
        {
            changed = after.changedFraction(from: before)
        }
        return .tile(address: address, frozen: reference.sha256, rendered: digest, changedPixels: changed)
    }
}
