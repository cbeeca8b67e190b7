/// Wraps a Swift closure as an operator, for pipelines built in code.
///
/// A closure is code, not configuration: a Lambda dumps a config that names it by its label,
/// but the config loader refuses to build one, so untrusted configs can never run code.
public struct Lambda: Operator {
    public let registryName = "Lambda"
    /// A name for the closure, shown in the dumped config.
    public let label: String
    public let halo: Int
    private let body: @Sendable (GeoTensor) throws -> GeoTensor

    /// An operator that runs `body`, needing `halo` pixels of context.
    public init(
        _ label: String = "lambda", halo: Int = 0,
        _ body: @escaping @Sendable (GeoTensor) throws -> GeoTensor
    ) {
        self.label = label
        self.halo = halo
        self.body = body
    }

    public var parameters: [String: ConfigValue] { ["label": .string(label)] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor { try body(input) }
}
