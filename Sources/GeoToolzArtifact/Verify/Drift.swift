/// One way an artifact no longer matches what it pins.
public enum Drift: Sendable, Hashable, CustomStringConvertible {
    /// An input's content changed.
    case input(path: String, frozen: String, found: String)
    /// An input is gone.
    case missingInput(path: String, frozen: String)
    /// The layer now reads a file the artifact does not list (a new mosaic member, a sidecar).
    case unlistedInput(path: String)
    /// The layer built from the manifest's config has another `Layer.configHash`.
    case configHash(frozen: String, rebuilt: String)
    /// The manifest's config document no longer hashes to what was recorded.
    case configDocument(frozen: String, found: String)
    /// The layer cannot be built from the config over the data any more.
    case layerUnbuildable(String)
    /// A version of something that makes the bytes changed.
    case version(name: String, frozen: String, found: String)
    /// A reference tile's bytes changed; `changedPixels` is the share of pixels that differ, when
    /// the frozen bytes are stored and both decode.
    case tile(address: String, frozen: String, rendered: String, changedPixels: Double?)
    /// A reference tile no longer renders.
    case tileFailed(address: String, message: String)

    public var description: String {
        switch self {
        case .input(let path, let frozen, let found):
            "input \(path): SHA-256 \(found), frozen as \(frozen)"
        case .missingInput(let path, let frozen):
            "input \(path): missing (frozen with SHA-256 \(frozen))"
        case .unlistedInput(let path):
            "input \(path): the layer now reads it, the artifact does not list it"
        case .configHash(let frozen, let rebuilt):
            "config: the layer built from the artifact's config has config hash \(rebuilt), frozen as \(frozen)"
        case .configDocument(let frozen, let found):
            "config: the artifact's config document hashes to \(found), frozen as \(frozen)"
        case .layerUnbuildable(let message):
            "config: the layer cannot be built from the artifact's config: \(message)"
        case .version(let name, let frozen, let found):
            "version \(name): \(found), frozen with \(frozen)"
        case .tile(let address, let frozen, let rendered, let changed):
            "tile \(address): SHA-256 \(rendered), frozen as \(frozen)"
                + (changed.map { String(format: "; %.4f%% of pixels changed", $0 * 100) } ?? "")
        case .tileFailed(let address, let message):
            "tile \(address): no longer renders: \(message)"
        }
    }
}
