import Yams

/// A config read from YAML or JSON text, remembering where each value stood in the text.
///
/// One reader serves both formats (JSON is read as YAML flow syntax). Plain scalars are resolved
/// by the YAML 1.2 core schema (`true`, `null`, `12`, `1.5e3`; everything else is a string),
/// so `yes`, `on` or `1:30` stay strings. Explicit tags, duplicate keys, non-string keys and
/// non-finite numbers are refused, and alias expansion and nesting are bounded so a hostile
/// document cannot make the reader allocate without limit or exhaust the stack.
public struct ConfigDocument: Sendable {
    /// The document's value.
    public let root: ConfigValue
    /// The file the text came from, for messages.
    public let source: String?
    /// The name the root goes by in paths, e.g. `pipeline`.
    public let rootName: String
    private let locations: SourceLocations

    /// Wraps a value built in code; errors then carry paths but no line numbers.
    public init(_ root: ConfigValue, rootName: String = "pipeline", source: String? = nil) {
        self.root = root
        self.source = source
        self.rootName = rootName
        self.locations = SourceLocations()
    }

    /// Reads YAML or JSON text.
    /// - Parameters:
    ///   - text: the document.
    ///   - source: the file name shown in errors.
    ///   - rootName: the name of the root in error paths.
    ///   - maxNodes: the largest number of values the document may expand to (aliases included).
    ///   - maxDepth: how many mappings and lists deep a value may sit.
    public init(
        parsing text: String, source: String? = nil, rootName: String = "pipeline",
        maxNodes: Int = 100_000, maxDepth: Int = 64
    ) throws(ConfigError) {
        self.source = source
        self.rootName = rootName
        let rootPath = ConfigPath(root: rootName)
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw Self.syntaxError(error, rootPath: rootPath, source: source)
        } catch {
            throw ConfigError("cannot read the document: \(error)", at: rootPath, source: source)
        }
        guard let node else {
            throw ConfigError("the document is empty", at: rootPath, source: source)
        }
        var converter = Converter(maxNodes: maxNodes, maxDepth: maxDepth, root: rootName, source: source)
        (self.root, self.locations) = try converter.convert(node)
    }

    /// Where in the text the value at `path` (or its nearest located ancestor) stood.
    public func location(of path: ConfigPath) -> SourceLocation? {
        locations.location(of: path.components)
    }

    /// The error with this document's file name and the line and column of its path.
    public func locate(_ error: ConfigError) -> ConfigError {
        var located = error
        if located.location == nil { located.location = location(of: error.path) }
        if located.source == nil { located.source = source }
        return located
    }

    private static func syntaxError(_ error: YamlError, rootPath: ConfigPath, source: String?)
        -> ConfigError
    {
        if case .duplicatedKeysInMapping(let duplicates, let context) = error {
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return ConfigError(
                "duplicate key \(keys) in one mapping", at: rootPath,
                location: SourceLocation(line: context.mark.line, column: context.mark.column), source: source)
        }
        // Yams puts the position and a snippet in its description; keep the first line's message.
        let text = String(describing: error)
        var location: SourceLocation?
        var message = text.split(separator: "\n").first.map(String.init) ?? text
        let head = message.split(separator: ":", maxSplits: 3)
        if head.count == 4, let line = Int(head[0]), let column = Int(head[1]) {
            location = SourceLocation(line: line, column: column)
            message = head[3].trimmingCharacters(in: " ")
        }
        return ConfigError(
            "malformed YAML/JSON: \(message)", at: rootPath, location: location, source: source)
    }
}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: Character) -> String {
        String(drop(while: { $0 == set }).reversed().drop(while: { $0 == set }).reversed())
    }
}

/// Turns a YAML node tree into a `ConfigValue`, recording locations and bounding its size.
///
/// The path to the value being read is one stack, pushed and popped, and becomes a `ConfigPath`
/// only for an error, so each value costs the same however deep it sits.
private struct Converter {
    let maxNodes: Int
    let maxDepth: Int
    let root: String
    let source: String?
    var count = 0
    var components: [ConfigPath.Component] = []

    init(maxNodes: Int, maxDepth: Int, root: String, source: String?) {
        self.maxNodes = maxNodes
        self.maxDepth = maxDepth
        self.root = root
        self.source = source
    }

    mutating func convert(_ node: Node) throws(ConfigError) -> (ConfigValue, SourceLocations) {
        count += 1
        let location = node.mark.map { SourceLocation(line: $0.line, column: $0.column) }
        var locations = SourceLocations(location)
        func fail(_ message: String) -> ConfigError {
            ConfigError(message, at: ConfigPath(root: root, components: components), location: location, source: source)
        }
        if count > maxNodes {
            throw fail("the document expands to more than \(maxNodes) values (alias expansion?)")
        }
        // Each level is a few stack frames here and in every later walk of the value.
        if components.count > maxDepth {
            throw fail("the document nests more than \(maxDepth) mappings and lists deep")
        }
        let tag = node.tag.description
        switch node {
        case .scalar(let scalar):
            guard tag == Tag.Name.str.rawValue else { throw fail("YAML tags are not allowed ('\(tag)')") }
            if scalar.style != .plain { return (.string(scalar.string), locations) }
            return (try PlainScalar.resolve(scalar.string, fail: fail), locations)
        case .sequence(let sequence):
            guard tag == Tag.Name.seq.rawValue else { throw fail("YAML tags are not allowed ('\(tag)')") }
            var elements = [ConfigValue]()
            elements.reserveCapacity(sequence.count)
            for (index, element) in sequence.enumerated() {
                let (value, childLocations) = try convert(element, at: .index(index))
                elements.append(value)
                locations.children[.index(index)] = childLocations
            }
            return (.array(elements), locations)
        case .mapping(let mapping):
            guard tag == Tag.Name.map.rawValue else { throw fail("YAML tags are not allowed ('\(tag)')") }
            var entries = [String: ConfigValue]()
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let keyScalar) = keyNode else {
                    throw fail("mapping keys must be strings")
                }
                let key = keyScalar.string
                if entries[key] != nil {
                    let keyLocation = keyNode.mark.map { SourceLocation(line: $0.line, column: $0.column) }
                    throw ConfigError(
                        "duplicate key '\(key)'", at: ConfigPath(root: root, components: components + [.key(key)]),
                        location: keyLocation, source: source)
                }
                let (value, childLocations) = try convert(valueNode, at: .key(key))
                entries[key] = value
                locations.children[.key(key)] = childLocations
            }
            return (.object(entries), locations)
        case .alias:
            throw fail("unresolved YAML alias")
        }
    }

    /// Converts the value one step down, at `component`.
    private mutating func convert(_ node: Node, at component: ConfigPath.Component) throws(ConfigError)
        -> (ConfigValue, SourceLocations)
    {
        components.append(component)
        defer { components.removeLast() }
        return try convert(node)
    }
}
