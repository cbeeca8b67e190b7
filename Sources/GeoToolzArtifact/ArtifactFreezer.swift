import Foundation
import GeoToolz
import GeoToolzIO

/// Freezes a layer into an artifact: a ustar tarball holding `manifest.json`, a few reference
/// tiles' bytes under `tiles/` and, when asked, the input files under `data/`.
public enum ArtifactFreezer {
    /// Writes the artifact of `request` to `output` (replaced only once complete) and returns its manifest.
    @discardableResult
    public static func freeze(_ request: FreezeRequest, to output: String) throws(ArtifactError) -> ArtifactManifest {
        let loader = PipelineLoader(registry: .standard)
        let config: ConfigValue
        let layer: Layer
        let stem = ((request.layerFile as NSString).lastPathComponent as NSString).deletingPathExtension
        do {
            let document = try loader.parse(contentsOf: request.layerFile, rootName: "layer")
            config = document.root
            let name = config["name"]?.stringValue ?? stem
            do {
                layer = try ArtifactLayer.build(
                    config: config, name: name, dataDirectory: request.dataDirectory, options: request.options)
            } catch {
                throw document.locate(error)
            }
        } catch {
            throw ArtifactError("\(error)")
        }
        let files = try InputInventory.files(of: layer, in: request.dataDirectory)
        var inputs = [InputFile]()
        for file in files {
            let digest = try FileDigest.sha256(contentsOf: file.path)
            inputs.append(InputFile(path: file.relative, size: digest.size, sha256: digest.sha256))
        }
        let total = inputs.reduce(0) { $0 + $1.size }
        if request.includeData && total > request.includeDataLimit {
            throw ArtifactError(
                "--include-data: the layer's \(inputs.count) input files take \(Self.megabytes(total)), more than "
                    + "the limit of \(Self.megabytes(request.includeDataLimit)); freeze without --include-data "
                    + "and keep the data beside the artifact (verify --data DIR)")
        }
        let zooms = request.zooms ?? layer.minZoom...min(layer.maxZoom, layer.minZoom + 3)
        let sample = ReferenceSample.tiles(of: layer, zooms: zooms, area: request.area, count: request.referenceTiles)
        guard !sample.isEmpty else {
            throw ArtifactError("no tile of layer '\(layer.name)' at zooms \(zooms) lies over its data (and --bbox)")
        }
        var addresses = sample.map { ($0, 1) }
        addresses.append((sample[0], 2))
        var tiles = [ReferenceTile]()
        var stored = [(String, Data)]()
        for (tile, scale) in addresses {
            let rendered: RenderedTile
            do { rendered = try layer.render(tile, scale: scale) } catch {
                throw ArtifactError("rendering reference tile \(tile)@\(scale)x: \(error)")
            }
            var reference = ReferenceTile(
                z: tile.zoom, x: tile.x, y: tile.y, scale: scale, format: rendered.format.fileExtension,
                sha256: FileDigest.sha256(rendered.data), size: rendered.data.count)
            if scale == 1 && stored.count < request.storedTiles {
                let name = "tiles/\(tile.zoom)-\(tile.x)-\(tile.y)@\(scale)x.\(reference.format)"
                reference.file = name
                stored.append((name, rendered.data))
            }
            tiles.append(reference)
        }
        let manifest = ArtifactManifest(
            layer: FrozenLayer(
                name: layer.name, config: JSONConfig(config), configHash: layer.configHash,
                documentHash: ConfigHash.of(config)),
            render: RenderSettings(request.options), inputs: inputs, includesData: request.includeData,
            versions: request.environment.versions, commitSource: request.environment.commitSource,
            platform: request.environment.platform, referenceTiles: tiles, metadata: request.metadata)
        let partial = output + ".partial"
        do {
            let writer = try TarWriter(path: partial)
            try writer.add(ArtifactManifest.memberName, data: try manifest.encoded())
            for (name, data) in stored { try writer.add(name, data: data) }
            if request.includeData {
                for (input, file) in zip(inputs, files) {
                    try writer.add(Artifact.dataMember(input.path), contentsOf: file.path)
                }
            }
            try writer.finish()
        } catch {
            unlink(partial)
            throw ArtifactError("writing \(output): \(error)")
        }
        guard rename(partial, output) == 0 else {
            unlink(partial)
            throw ArtifactError("cannot write \(output): \(String(cString: strerror(errno)))")
        }
        return manifest
    }

    static func megabytes(_ bytes: Int) -> String {
        String(format: "%.1f MB", Double(bytes) / Double(1 << 20))
    }
}
