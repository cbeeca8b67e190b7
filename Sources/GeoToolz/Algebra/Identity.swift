/// Passes its input through unchanged.
public struct Identity: RegisteredOperator, BandPreserving {
    public static let registryName = "Identity"

    public init() {}

    public init(from reader: inout ParameterReader) throws {}

    public var parameters: [String: ConfigValue] { [:] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor { input }
}
