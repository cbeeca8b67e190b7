import Foundation

/// Bounds on what a config may ask the loader to build.
public struct PipelineLimits: Sendable, Hashable {
    /// How deeply operators may nest (a Sequential inside a Graph node inside a Sequential…).
    public var maxDepth: Int
    /// How many operators one pipeline may hold in all.
    public var maxOperators: Int
    /// How many values a document may expand to, aliases included.
    public var maxDocumentValues: Int
    /// The largest document, in bytes.
    public var maxDocumentBytes: Int
    /// How many mappings and lists deep a document's values may sit (16 operators nested by
    /// Graph nodes, the deepest way, sit 48 deep).
    public var maxDocumentDepth: Int

    public init(
        maxDepth: Int = 16, maxOperators: Int = 256, maxDocumentValues: Int = 100_000,
        maxDocumentBytes: Int = 1 << 20, maxDocumentDepth: Int = 64
    ) {
        self.maxDepth = maxDepth
        self.maxOperators = maxOperators
        self.maxDocumentValues = maxDocumentValues
        self.maxDocumentBytes = maxDocumentBytes
        self.maxDocumentDepth = maxDocumentDepth
    }
}

/// Builds pipelines from configs that may come from people you do not trust.
///
/// Only operators in the registry can be built; anything else — an unknown `_target_`, a
/// `Lambda`, a wrong parameter, a document too deep or too long — fails with a `ConfigError`
/// that says what is wrong and where, and nothing is built.
public struct PipelineLoader: Sendable {
    /// What may be built.
    public let registry: OperatorRegistry
    /// How much may be built.
    public let limits: PipelineLimits

    public init(registry: OperatorRegistry, limits: PipelineLimits = PipelineLimits()) {
        self.registry = registry
        self.limits = limits
    }

    /// Builds the operator a document describes, with errors located in the document's text.
    public func load(_ document: ConfigDocument) throws(ConfigError) -> any Operator {
        try load(document.root, at: ConfigPath(root: document.rootName), in: document)
    }

    /// Builds the operator `value` describes; `document` locates errors when given.
    ///
    /// Operators that cannot take what the one before gives (e.g. NDVI into a three-band
    /// `Composite`) are refused here; what the pipeline's own inputs hold is checked where they
    /// are known (a layer's sources).
    public func load(_ value: ConfigValue, at path: ConfigPath, in document: ConfigDocument? = nil)
        throws(ConfigError) -> any Operator
    {
        do {
            let built = try PipelineBuilder(registry: registry, limits: limits).build(value, at: path)
            let unknown = [BandCount](repeating: .unknown, count: built.inputCountForChecks)
            _ = try built.checkBands(fedBy: unknown, at: path) { "input \($0)" }
            return built
        } catch {
            throw document?.locate(error) ?? error
        }
    }

    /// Reads and builds a pipeline from YAML or JSON text.
    public func load(text: String, source: String? = nil) throws(ConfigError) -> any Operator {
        try load(parse(text: text, source: source))
    }

    /// Reads and builds a pipeline from a YAML or JSON file.
    public func load(contentsOf path: String) throws(ConfigError) -> any Operator {
        try load(parse(contentsOf: path))
    }

    /// Reads a document from text, within the size limits.
    public func parse(text: String, source: String? = nil, rootName: String = "pipeline")
        throws(ConfigError) -> ConfigDocument
    {
        guard text.utf8.count <= limits.maxDocumentBytes else {
            throw ConfigError(
                "the document is \(text.utf8.count) bytes, more than the limit of \(limits.maxDocumentBytes)",
                at: ConfigPath(root: rootName), source: source)
        }
        return try ConfigDocument(
            parsing: text, source: source, rootName: rootName, maxNodes: limits.maxDocumentValues,
            maxDepth: limits.maxDocumentDepth)
    }

    /// Reads a document from a file, within the size limits.
    public func parse(contentsOf path: String, rootName: String = "pipeline") throws(ConfigError)
        -> ConfigDocument
    {
        let root = ConfigPath(root: rootName)
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let size = attributes[.size] as? NSNumber
        else { throw ConfigError("cannot read the file", at: root, source: path) }
        guard size.intValue <= limits.maxDocumentBytes else {
            throw ConfigError(
                "the file is \(size.intValue) bytes, more than the limit of \(limits.maxDocumentBytes)",
                at: root, source: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError("cannot read the file", at: root, source: path)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError("the file is not UTF-8 text", at: root, source: path)
        }
        return try parse(text: text, source: path, rootName: rootName)
    }
}

/// One build: tracks nesting depth and operator count against the limits.
final class PipelineBuilder {
    /// Operators that hold code: they exist for pipelines written in Swift, never for configs.
    static let codeOnly: [String: String] = [
        "Lambda": "Lambda holds a Swift closure; code cannot be loaded from a config",
        "Tap": "Tap holds a Swift closure; code cannot be loaded from a config",
    ]

    let registry: OperatorRegistry
    let limits: PipelineLimits
    private var depth = 0
    private var count = 0

    init(registry: OperatorRegistry, limits: PipelineLimits) {
        self.registry = registry
        self.limits = limits
    }

    func build(_ value: ConfigValue, at path: ConfigPath) throws(ConfigError) -> any Operator {
        guard case .object(let entries) = value else {
            throw ConfigError(
                "expected an operator (a mapping with '\(ConfigKeys.target)'), found \(value.kindName)", at: path)
        }
        let targetPath = path.appending(ConfigKeys.target)
        guard let targetValue = entries[ConfigKeys.target] else {
            throw ConfigError("missing '\(ConfigKeys.target)': which operator to build", at: path)
        }
        guard case .string(let target) = targetValue else {
            throw ConfigError(
                "'\(ConfigKeys.target)' must be an operator name, found \(targetValue.kindName)", at: targetPath)
        }
        if let reason = Self.codeOnly[target] { throw ConfigError(reason, at: targetPath) }
        guard let type = registry.type(named: target) else {
            throw ConfigError(
                "unknown operator '\(target)': only registered operators can be built "
                    + "(registered: \(registry.names.joined(separator: ", ")))",
                at: targetPath)
        }
        count += 1
        guard count <= limits.maxOperators else {
            throw ConfigError("the pipeline holds more than \(limits.maxOperators) operators", at: path)
        }
        depth += 1
        defer { depth -= 1 }
        guard depth <= limits.maxDepth else {
            throw ConfigError("operators nest more than \(limits.maxDepth) deep", at: path)
        }
        var reader = ParameterReader(entries: entries, path: path, operatorName: target, builder: self)
        let built: any Operator
        do {
            built = try type.init(from: &reader)
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(String(describing: error), at: path)
        }
        try reader.finishReading()
        return built
    }
}
