/// A value and its colour: a stop of a gradient colormap, or a class of a discrete one.
/// Written in a config as `[value, colour]`, e.g. `[1000, "#d9a066"]`.
public struct ValueColor: ConfigRepresentable, Hashable {
    /// The value: a stop's position, or a class's exact value.
    public let value: Double
    /// Its colour.
    public let color: ConfigColor

    /// `value` shown as `color`.
    public init(_ value: Double, _ color: ConfigColor) {
        self.value = value
        self.color = color
    }

    public static var expectation: String { "a pair [value, colour]" }

    public init?(config value: ConfigValue) {
        guard case .array(let pair) = value, pair.count == 2, let number = Double(config: pair[0]),
            let color = ConfigColor(config: pair[1])
        else { return nil }
        self.init(number, color)
    }

    public var configValue: ConfigValue { .array([value.configValue, color.configValue]) }
}
