/// An operator that can be built from a config: it has a registry name and reads its
/// parameters from a `ParameterReader`.
///
/// Building from a config and dumping `parameters` back must give the same config.
public protocol RegisteredOperator: Operator {
    /// The name written as `_target_` in configs.
    static var registryName: String { get }
    /// Builds the operator from its config; throw `reader.invalid(...)` for a bad value.
    init(from reader: inout ParameterReader) throws
}

extension RegisteredOperator {
    public var registryName: String { Self.registryName }
}
