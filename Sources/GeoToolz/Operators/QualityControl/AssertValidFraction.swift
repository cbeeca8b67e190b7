/// A pass-through check that at least `minValid` (a fraction in [0, 1]) of the pixels are
/// valid in every band: catches a pipeline that masks far more than expected.
///
/// `onFail: raise` (the default) fails the render; `onFail: warn` passes the tensor on with a
/// warning the caller reports. Tiles at the edge of a dataset are partly empty by nature, so
/// set `minValid` with that in mind.
public struct AssertValidFraction: RegisteredOperator, BandPreserving {
    public static let registryName = "AssertValidFraction"

    /// The smallest acceptable fraction of valid pixels.
    public let minValid: Double
    /// What a failure does.
    public let onFail: OnFail

    /// Checks that at least `minValid` of the pixels are valid.
    public init(minValid: Double, onFail: OnFail = .raise) throws(OperatorError) {
        try ParameterCheck.require(
            (0...1).contains(minValid), "minValid is a fraction in [0, 1]", for: Self.registryName)
        self.minValid = minValid
        self.onFail = onFail
    }

    public init(from reader: inout ParameterReader) throws {
        let minValid: Double = try reader.required("minValid")
        guard (0...1).contains(minValid) else {
            throw reader.invalid("minValid", "minValid is a fraction in [0, 1], found \(minValid)")
        }
        try self.init(minValid: minValid, onFail: try reader.optional("onFail", default: .raise))
    }

    public var parameters: [String: ConfigValue] {
        ["minValid": minValid.configValue, "onFail": onFail.configValue]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let fraction = input.validFraction
        guard fraction < minValid else { return input }
        let percent = (fraction * 1000).rounded() / 10
        return try onFail.report(
            "\(percent)% of pixels are valid, fewer than the \(minValid * 100)% required", by: Self.registryName,
            on: input)
    }
}
