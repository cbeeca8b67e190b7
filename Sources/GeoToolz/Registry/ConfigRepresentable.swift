/// A Swift value that reads itself from a config value and writes itself back.
public protocol ConfigRepresentable: Sendable {
    /// What the config must hold, for error messages (e.g. "a number").
    static var expectation: String { get }
    /// Reads a value; returns nil when `value` is of the wrong kind.
    init?(config value: ConfigValue)
    /// The value as config.
    var configValue: ConfigValue { get }
}

extension Double: ConfigRepresentable {
    public static var expectation: String { "a number" }
    public init?(config value: ConfigValue) {
        guard case .number(let number) = value else { return nil }
        self = number
    }
    public var configValue: ConfigValue { .number(self) }
}

extension Float: ConfigRepresentable {
    public static var expectation: String { "a number" }
    public init?(config value: ConfigValue) {
        guard case .number(let number) = value, abs(number) <= Double(Float.greatestFiniteMagnitude)
        else { return nil }
        self = Float(number)
    }
    public var configValue: ConfigValue { .number(Double(self)) }
}

extension Int: ConfigRepresentable {
    public static var expectation: String { "an integer" }
    public init?(config value: ConfigValue) {
        guard case .number(let number) = value, number.rounded() == number,
            abs(number) <= 9_007_199_254_740_992
        else { return nil }
        self = Int(number)
    }
    public var configValue: ConfigValue { .number(Double(self)) }
}

extension Bool: ConfigRepresentable {
    public static var expectation: String { "true or false" }
    public init?(config value: ConfigValue) {
        guard case .bool(let flag) = value else { return nil }
        self = flag
    }
    public var configValue: ConfigValue { .bool(self) }
}

extension String: ConfigRepresentable {
    public static var expectation: String { "a string" }
    public init?(config value: ConfigValue) {
        guard case .string(let text) = value else { return nil }
        self = text
    }
    public var configValue: ConfigValue { .string(self) }
}

extension Array: ConfigRepresentable where Element: ConfigRepresentable {
    public static var expectation: String { "a list of \(Element.expectation.droppingArticle)s" }
    public init?(config value: ConfigValue) {
        guard case .array(let elements) = value else { return nil }
        var out = [Element]()
        out.reserveCapacity(elements.count)
        for element in elements {
            guard let decoded = Element(config: element) else { return nil }
            out.append(decoded)
        }
        self = out
    }
    public var configValue: ConfigValue { .array(map(\.configValue)) }
}

/// A string-valued choice (e.g. resampling or `onFail`): reads from and writes to its raw value.
public protocol ConfigChoice: ConfigRepresentable, RawRepresentable<String>, CaseIterable {}

extension ConfigChoice {
    public static var expectation: String {
        "one of " + allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
    }
    public init?(config value: ConfigValue) {
        guard case .string(let text) = value, let choice = Self(rawValue: text) else { return nil }
        self = choice
    }
    public var configValue: ConfigValue { .string(rawValue) }
}

extension String {
    fileprivate var droppingArticle: String {
        for article in ["an ", "a "] where hasPrefix(article) { return String(dropFirst(article.count)) }
        return self
    }
}
