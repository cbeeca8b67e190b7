import GeoToolz
import GeoToolzIO

/// Builds the layer an artifact's config defines, the way a layer file is loaded: the config
/// goes through the sandboxed loader as text, so only registered operators can be built.
enum ArtifactLayer {
    /// The layer `config` defines over `dataDirectory`; `name` names it when the config does not.
    static func build(
        config: ConfigValue, name: String, dataDirectory: DataDirectory, options: LayerOptions,
        registry: OperatorRegistry = .standard
    ) throws(ConfigError) -> Layer {
        let loader = PipelineLoader(registry: registry)
        let document = try loader.parse(
            text: CanonicalJSON.string(config), source: "the artifact's config", rootName: "layer")
        let definition = try LayerDefinition(document: document, defaultName: name, loader: loader)
        return try Layer(definition, dataDirectory: dataDirectory, options: options)
    }
}
