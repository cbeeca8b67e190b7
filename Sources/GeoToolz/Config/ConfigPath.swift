/// Where a value sits in a config document, written as `pipeline.operators[2]._target_`.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    /// One step down into a document.
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    /// The name of the document's root, e.g. `pipeline`.
    public let root: String
    /// The steps from the root.
    public private(set) var components: [Component]

    /// A path at the root of a document named `root`.
    public init(root: String = "pipeline", components: [Component] = []) {
        self.root = root
        self.components = components
    }

    /// The path one key further down.
    public func appending(_ key: String) -> ConfigPath {
        var path = self
        path.components.append(.key(key))
        return path
    }

    /// The path one list index further down.
    public func appending(_ index: Int) -> ConfigPath {
        var path = self
        path.components.append(.index(index))
        return path
    }

    /// The path `components` further down.
    public func appending(_ components: [Component]) -> ConfigPath {
        var path = self
        path.components.append(contentsOf: components)
        return path
    }

    /// How many mappings and lists deep the path goes.
    public var depth: Int { components.count }

    public var description: String {
        var text = root
        for component in components {
            switch component {
            case .key(let key):
                if !text.isEmpty { text += "." }
                text += key
            case .index(let index): text += "[\(index)]"
            }
        }
        return text
    }
}
