/// The layer an artifact pins: its layer file's config as the sandboxed loader read it, and the
/// hashes verification checks the config against.
public struct FrozenLayer: Codable, Sendable, Hashable {
    /// The layer's name (a layer file without `name` is named after the file).
    public var name: String
    /// The layer file's document, as the loader read it.
    public var config: JSONConfig
    /// `Layer.configHash` of the layer built from `config`: everything that decides its pixels.
    public var configHash: String
    /// The SHA-256 of `config`'s canonical JSON: catches edits that leave the pixels alone.
    public var documentHash: String
}
