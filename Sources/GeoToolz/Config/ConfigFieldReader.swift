/// Reads the fields of one config mapping with typed, located errors, and refuses fields nobody
/// asked for, so a misspelt key is an error rather than a silent default. Operator parameters
/// (`ParameterReader`) and layer files read through it.
public struct ConfigFieldReader {
    /// How messages name the mapping and its keys.
    public struct Wording: Sendable {
        /// The mapping, as in "Colormap needs 'vmin'" or "a layer needs 'source'".
        public let subject: String
        /// A key of it: "field" or "parameter".
        public let key: String
        /// How a wrongly typed value is introduced: `'vmin' of Colormap` or just `'source'`.
        public let qualifiesKeys: Bool

        public init(subject: String, key: String, qualifiesKeys: Bool) {
            self.subject = subject
            self.key = key
            self.qualifiesKeys = qualifiesKeys
        }
    }

    /// Where this mapping sits in the document.
    public let path: ConfigPath
    /// How messages speak of it.
    public let wording: Wording
    private let entries: [String: ConfigValue]
    /// Keys that belong to the document's structure, never to the mapping's reader.
    private let reserved: Set<String>
    private var known: [String] = []

    /// A reader over `entries`.
    public init(
        entries: [String: ConfigValue], path: ConfigPath, wording: Wording, reserved: Set<String> = []
    ) {
        self.entries = entries
        self.path = path
        self.wording = wording
        self.reserved = reserved
    }

    /// A reader over `value`, which must be a mapping.
    public init(_ value: ConfigValue, at path: ConfigPath, wording: Wording) throws(ConfigError) {
        guard case .object(let entries) = value else {
            throw ConfigError("\(wording.subject) is a mapping, found \(value.kindName)", at: path)
        }
        self.init(entries: entries, path: path, wording: wording)
    }

    /// The raw value of `key` (nil when absent or null), marking the key as known.
    public mutating func value(_ key: String) -> ConfigValue? {
        if !known.contains(key) { known.append(key) }
        guard let value = entries[key], value != .null else { return nil }
        return value
    }

    /// A required field.
    public mutating func required<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self)
        throws(ConfigError) -> T
    {
        guard let raw = value(key) else {
            throw ConfigError("\(wording.subject) needs '\(key)' (\(T.expectation))", at: path.appending(key))
        }
        return try decode(raw, key: key)
    }

    /// An optional field, or nil when absent or null.
    public mutating func optional<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self)
        throws(ConfigError) -> T?
    {
        guard let raw = value(key) else { return nil }
        return try decode(raw, key: key)
    }

    /// An optional field, or `defaultValue` when absent or null.
    public mutating func optional<T: ConfigRepresentable>(_ key: String, default defaultValue: T)
        throws(ConfigError) -> T
    {
        try optional(key) ?? defaultValue
    }

    /// Whether the mapping has `key` at all (without marking it known).
    public func has(_ key: String) -> Bool {
        entries[key] != nil && entries[key] != .null
    }

    /// An error about the value of `key`, e.g. one out of range.
    public func invalid(_ key: String, _ message: String) -> ConfigError {
        ConfigError(message, at: path.appending(key))
    }

    /// Fails on the first key that was never asked for.
    public func finish() throws(ConfigError) {
        for key in entries.keys.sorted() where !reserved.contains(key) && !known.contains(key) {
            let expected =
                known.isEmpty
                ? "it takes no \(wording.key)s"
                : "expected: " + known.map { "'\($0)'" }.joined(separator: ", ")
            throw ConfigError(
                "unknown \(wording.key) '\(key)' \(wording.qualifiesKeys ? "for" : "in") \(wording.subject) (\(expected))",
                at: path.appending(key))
        }
    }

    private func decode<T: ConfigRepresentable>(_ raw: ConfigValue, key: String) throws(ConfigError) -> T {
        guard let decoded = T(config: raw) else {
            let name = wording.qualifiesKeys ? "'\(key)' of \(wording.subject)" : "'\(key)'"
            throw ConfigError(
                "\(name) must be \(T.expectation), found \(raw.kindName) \(raw)", at: path.appending(key))
        }
        return decoded
    }
}

extension ConfigFieldReader.Wording {
    /// A mapping of a layer file: "a layer needs 'source'", "unknown field 'x' in a source".
    public static func layerField(_ subject: String) -> Self {
        Self(subject: subject, key: "field", qualifiesKeys: false)
    }
}
