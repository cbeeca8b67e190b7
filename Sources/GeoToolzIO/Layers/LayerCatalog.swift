import Foundation
import GeoToolz

/// Every layer defined in a directory of layer files (`*.yaml`, `*.yml`), loaded and prepared.
public struct LayerCatalog: Sendable {
    /// The layers, sorted by name.
    public let layers: [Layer]
    /// The file each layer was defined in, by layer name.
    public let files: [String: String]
    private let dataDirectory: DataDirectory
    private let registry: OperatorRegistry
    private let options: LayerOptions

    /// Loads every layer file in `directory`. The first bad file fails the whole catalog with
    /// its located error (`layers/x.yaml:7:3: layer.resampling: …`).
    public init(
        directory: String, dataDirectory: DataDirectory, registry: OperatorRegistry = .standard,
        options: LayerOptions = LayerOptions()
    ) throws(ConfigError) {
        let root = ConfigPath(root: "layer")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw ConfigError(
                "cannot list the layer directory: \(error.localizedDescription)", at: root, source: directory)
        }
        let files = names.filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
        guard !files.isEmpty else {
            throw ConfigError("no layer files (*.yaml, *.yml) in the directory", at: root, source: directory)
        }
        self.dataDirectory = dataDirectory
        self.registry = registry
        self.options = options
        let loader = PipelineLoader(registry: registry)
        let readers = TileReaderCache(handles: options.renderThreads)
        // Names are compared case-insensitively: URLs differing only in case must not name two layers.
        var byName = [String: String]()
        var layerFiles = [String: String]()
        var layers = [Layer]()
        for name in files {
            let file = (directory as NSString).appendingPathComponent(name)
            let layer = try Self.loadLayer(
                file: file, dataDirectory: dataDirectory, loader: loader, options: options, readers: readers)
            if let other = byName[layer.name.lowercased()] {
                throw ConfigError(
                    "the layer name '\(layer.name)' is already taken by \(other) (names are compared ignoring case)",
                    at: root.appending("name"), source: file)
            }
            byName[layer.name.lowercased()] = file
            layerFiles[layer.name] = file
            layers.append(layer)
        }
        self.layers = layers.sorted { $0.name < $1.name }
        self.files = layerFiles
    }

    /// The layer called `name`.
    public func layer(named name: String) -> Layer? {
        layers.first { $0.name == name }
    }

    /// Loads the layer called `name` again from its file, with raster handles of its own: after
    /// its data changed, it reads the files as they are now. Nil when no such layer was loaded.
    public func reloadLayer(named name: String) throws(ConfigError) -> Layer? {
        guard let file = files[name] else { return nil }
        return try Self.loadLayer(
            file: file, dataDirectory: dataDirectory, loader: PipelineLoader(registry: registry), options: options)
    }

    /// Loads one layer file; its name defaults to the file's stem.
    public static func loadLayer(
        file: String, dataDirectory: DataDirectory, loader: PipelineLoader = PipelineLoader(registry: .standard),
        options: LayerOptions = LayerOptions(), readers: TileReaderCache? = nil
    ) throws(ConfigError) -> Layer {
        let document = try loader.parse(contentsOf: file, rootName: "layer")
        let stem = ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        let definition = try LayerDefinition(document: document, defaultName: stem, loader: loader)
        do {
            return try Layer(definition, dataDirectory: dataDirectory, options: options, readers: readers)
        } catch {
            throw document.locate(error)
        }
    }
}
