/// Reads one operator's parameters from its config mapping, with located, typed errors.
///
/// Every key an operator asks for is marked as known; after `init(from:)` returns, the loader
/// rejects any key that was never asked for, so a typo is an error rather than a silent default.
public struct ParameterReader {
    /// Where this mapping sits in the document.
    public var path: ConfigPath { fields.path }
    /// The operator being built, for messages.
    public let operatorName: String
    private var fields: ConfigFieldReader
    private let builder: PipelineBuilder

    init(
        entries: [String: ConfigValue], path: ConfigPath, operatorName: String,
        builder: PipelineBuilder
    ) {
        fields = ConfigFieldReader(
            entries: entries, path: path,
            wording: .init(subject: operatorName, key: "parameter", qualifiesKeys: true),
            reserved: [ConfigKeys.target])
        self.operatorName = operatorName
        self.builder = builder
    }

    /// The raw value under `key` (nil when absent or null), marking the key as known.
    public mutating func value(_ key: String) -> ConfigValue? {
        fields.value(key)
    }

    /// A required parameter.
    public mutating func required<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self)
        throws(ConfigError) -> T
    {
        try fields.required(key, as: type)
    }

    /// An optional parameter, or `defaultValue` when absent or null.
    public mutating func optional<T: ConfigRepresentable>(_ key: String, default defaultValue: T)
        throws(ConfigError) -> T
    {
        try fields.optional(key, default: defaultValue)
    }

    /// An optional parameter, or nil when absent or null.
    public mutating func optional<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self)
        throws(ConfigError) -> T?
    {
        try fields.optional(key, as: type)
    }

    /// A nested operator config under `key`.
    public mutating func `operator`(_ key: String) throws(ConfigError) -> any Operator {
        guard let raw = value(key) else {
            throw ConfigError("\(operatorName) needs '\(key)' (an operator)", at: path.appending(key))
        }
        return try builder.build(raw, at: path.appending(key))
    }

    /// A list of nested operator configs under `key`.
    public mutating func operatorList(_ key: String) throws(ConfigError) -> [any Operator] {
        guard let raw = value(key) else {
            throw ConfigError("\(operatorName) needs '\(key)' (a list of operators)", at: path.appending(key))
        }
        guard case .array(let elements) = raw else {
            throw ConfigError("expected a list of operators, found \(raw.kindName)", at: path.appending(key))
        }
        var built = [any Operator]()
        for (index, element) in elements.enumerated() {
            built.append(try builder.build(element, at: path.appending(key).appending(index)))
        }
        return built
    }

    /// Builds an operator config found anywhere below this mapping (e.g. inside a Graph's nodes).
    public func buildOperator(_ value: ConfigValue, at path: ConfigPath) throws(ConfigError) -> any Operator {
        try builder.build(value, at: path)
    }

    /// A reader over a nested mapping (e.g. one node of a Graph); call `finishReading()` on it.
    public func nested(_ value: ConfigValue, at path: ConfigPath, describing name: String)
        throws(ConfigError) -> ParameterReader
    {
        guard case .object(let entries) = value else {
            throw ConfigError("expected \(name) (a mapping), found \(value.kindName)", at: path)
        }
        return ParameterReader(entries: entries, path: path, operatorName: name, builder: builder)
    }

    /// An error about the value of `key`, e.g. one out of range.
    public func invalid(_ key: String, _ message: String) -> ConfigError {
        fields.invalid(key, message)
    }

    /// Fails on any key that was never asked for.
    public func finishReading() throws(ConfigError) {
        try fields.finish()
    }
}
