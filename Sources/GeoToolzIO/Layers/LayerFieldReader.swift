import GeoToolz

/// Reads the fields of one mapping in a layer file with typed, path-carrying errors, and
/// rejects fields nobody asked for, so a misspelt key is an error rather than a silent default.
struct LayerFieldReader {
    let path: ConfigPath
    private let entries: [String: ConfigValue]
    private let subject: String
    private var known: [String] = []

    /// A reader over `value`, which must be a mapping; `subject` names it in messages.
    init(_ value: ConfigValue, at path: ConfigPath, subject: String) throws(ConfigError) {
        guard case .object(let entries) = value else {
            throw ConfigError("\(subject) is a mapping, found \(value.kindName)", at: path)
        }
        self.entries = entries
        self.path = path
        self.subject = subject
    }

    /// The raw value of `key`, marking the key as known.
    mutating func value(_ key: String) -> ConfigValue? {
        if !known.contains(key) { known.append(key) }
        guard let value = entries[key], value != .null else { return nil }
        return value
    }

    /// A required field.
    mutating func required<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self) throws(ConfigError) -> T {
        guard let raw = value(key) else {
            throw ConfigError("\(subject) needs '\(key)' (\(T.expectation))", at: path.appending(key))
        }
        return try decode(raw, key: key)
    }

    /// An optional field, or nil when absent or null.
    mutating func optional<T: ConfigRepresentable>(_ key: String, as type: T.Type = T.self) throws(ConfigError) -> T? {
        guard let raw = value(key) else { return nil }
        return try decode(raw, key: key)
    }

    /// An optional field, or `defaultValue`.
    mutating func optional<T: ConfigRepresentable>(_ key: String, default defaultValue: T) throws(ConfigError) -> T {
        try optional(key) ?? defaultValue
    }

    /// Whether the mapping has `key` at all (without marking it known).
    func has(_ key: String) -> Bool {
        entries[key] != nil && entries[key] != .null
    }

    /// Fails on the first field that was never asked for.
    func finish() throws(ConfigError) {
        for key in entries.keys.sorted() where !known.contains(key) {
            let expected = known.map { "'\($0)'" }.joined(separator: ", ")
            throw ConfigError("unknown field '\(key)' in \(subject) (expected: \(expected))", at: path.appending(key))
        }
    }

    private func decode<T: ConfigRepresentable>(_ raw: ConfigValue, key: String) throws(ConfigError) -> T {
        guard let decoded = T(config: raw) else {
            throw ConfigError(
                "'\(key)' must be \(T.expectation), found \(raw.kindName) \(raw)", at: path.appending(key))
        }
        return decoded
    }
}
