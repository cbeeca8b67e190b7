import GeoToolz
import GeoToolzIO

/// A pipeline a user posted: the layer that supplies its sources, bands, zooms and bounds, and
/// the pipeline that replaces the layer's own.
///
/// Its identity is the hash of its canonical form (the built pipeline's config, which fills in
/// every default), so the same recipe posted twice, in YAML or JSON, in any key order, has
/// the same id.
public struct PipelineRecipe: Sendable, Hashable {
    /// The layer whose sources the pipeline reads.
    public let layer: String
    /// The pipeline's canonical config.
    public let pipeline: ConfigValue
    /// The SHA-256 (hex) of `config`.
    public let id: String

    public init(layer: String, pipeline: ConfigValue) {
        self.layer = layer
        self.pipeline = pipeline
        self.id = ConfigHash.of(["layer": .string(layer), "pipeline": pipeline])
    }

    /// The recipe as stored and served: `{layer, pipeline}`.
    public var config: ConfigValue { ["layer": .string(layer), "pipeline": pipeline] }

    /// Whether `text` has the form of an id: 64 lowercase hex digits.
    public static func isID(_ text: Substring) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// Reads a posted document (YAML or JSON): `{layer: NAME, pipeline: {...}}`, building the
    /// pipeline through `loader`. Errors are located in the posted text (line and column) with
    /// paths from the document's root (`pipeline.operators[1]._target_`).
    public static func read(_ text: String, loader: PipelineLoader) throws(ConfigError) -> (
        recipe: PipelineRecipe, pipeline: any Operator, document: ConfigDocument
    ) {
        let document = try loader.parse(text: text, rootName: "")
        do throws(ConfigError) {
            var reader = try ConfigFieldReader(
                document.root, at: ConfigPath(root: ""), wording: .layerField("a posted pipeline"))
            let layer: String = try reader.required("layer")
            guard let config = reader.value("pipeline") else {
                throw ConfigError(
                    "a posted pipeline needs 'pipeline' (an operator config with _target_)",
                    at: ConfigPath(root: "").appending("pipeline"))
            }
            try reader.finish()
            let pipeline = try loader.load(config, at: ConfigPath(root: "").appending("pipeline"))
            return (PipelineRecipe(layer: layer, pipeline: pipeline.config), pipeline, document)
        } catch {
            throw document.locate(error)
        }
    }
}
