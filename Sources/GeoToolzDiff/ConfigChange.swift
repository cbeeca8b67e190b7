import GeoToolz

/// One difference between two layers' configs, at a canonical path such as
/// `pipeline.operators[1].vmax`.
public struct ConfigChange: Sendable, Hashable, CustomStringConvertible {
    /// What happened at the path.
    public enum Kind: String, Sendable, Hashable, Codable {
        /// The value at `path` differs; both `old` and `new` are set.
        case changed
        /// `path` exists in the new config only; `new` is set.
        case added
        /// `path` exists in the old config only; `old` is set.
        case removed
        /// An element of the list at `path` moved from position `from` to `to`; `new` is the element.
        case moved
    }

    public let kind: Kind
    /// Where: for `moved`, the list the element moved within.
    public let path: ConfigPath
    public let old: ConfigValue?
    public let new: ConfigValue?
    /// The element's old and new positions, for `moved`.
    public let from: Int?
    public let to: Int?

    public init(
        _ kind: Kind, at path: ConfigPath, old: ConfigValue? = nil, new: ConfigValue? = nil, from: Int? = nil,
        to: Int? = nil
    ) {
        (self.kind, self.path, self.old, self.new, self.from, self.to) = (kind, path, old, new, from, to)
    }

    /// Whether the change is in what decides a layer's pixels (its sources or pipeline), rather
    /// than its name, title, zooms or other metadata.
    public var decidesPixels: Bool {
        guard case .key(let first) = path.components.first else { return false }
        return ["source", "sources", "pipeline"].contains(first)
    }

    /// One line: `pipeline.operators[1].vmax: 4400 → 4000`, `… moved from [2] to [0]`.
    public var description: String {
        switch kind {
        case .changed: "\(path): \(old.map(\.description) ?? "") → \(new.map(\.description) ?? "")"
        case .added: "\(path): added \(new.map(\.description) ?? "")"
        case .removed: "\(path): removed \(old.map(\.description) ?? "")"
        case .moved: "\(path): \(new.map(Self.shortName) ?? "element") moved from [\(from ?? 0)] to [\(to ?? 0)]"
        }
    }

    /// An operator's `_target_` or a node's `name`, else the whole value.
    private static func shortName(_ value: ConfigValue) -> String {
        value["_target_"]?.stringValue ?? value["name"]?.stringValue ?? value.description
    }
}
