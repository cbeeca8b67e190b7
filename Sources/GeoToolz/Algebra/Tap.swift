/// Passes its input through unchanged after showing it to a closure, to inspect intermediate
/// state of a pipeline built in code. Like `Lambda`, it cannot be built from a config.
public struct Tap: BandPreserving {
    public let registryName = "Tap"
    /// A name for the probe, shown in the dumped config.
    public let label: String
    private let observe: @Sendable (GeoTensor) -> Void

    /// A pass-through that calls `observe` with every tensor it sees.
    public init(_ label: String = "tap", _ observe: @escaping @Sendable (GeoTensor) -> Void) {
        self.label = label
        self.observe = observe
    }

    public var parameters: [String: ConfigValue] { ["label": .string(label)] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        observe(input)
        return input
    }
}
