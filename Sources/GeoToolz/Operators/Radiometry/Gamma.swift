import Foundation

/// Gamma correction of stretched data: `value^(1/gamma)`, so `gamma > 1` brightens the
/// midtones and `gamma < 1` darkens them (the convention of rio-color and most viewers).
///
/// Meant for values in [0, 1]; values below 0 map to 0. Nodata (non-finite) becomes NaN.
public struct Gamma: RegisteredOperator, BandPreserving {
    public static let registryName = "Gamma"

    /// The gammas a config may give: beyond them every value in [0, 1] already rounds to 0 or 1
    /// in Float32, and the exponent `1 / gamma` stays a finite, non-zero Float32.
    public static let range = 0.001...1000.0

    /// The gamma; greater than 0.
    public let gamma: Double
    private let exponent: Float

    /// Raises values to `1 / gamma`; `gamma` must be greater than 0.
    public init(gamma: Double) throws(OperatorError) {
        try ParameterCheck.require(
            Self.range.contains(gamma), "gamma must be within \(Self.range.lowerBound)…\(Self.range.upperBound)",
            for: Self.registryName)
        self.gamma = gamma
        self.exponent = Float(1 / gamma)
    }

    public init(from reader: inout ParameterReader) throws {
        let gamma: Double = try reader.required("gamma")
        guard Self.range.contains(gamma) else {
            throw reader.invalid(
                "gamma", "gamma must be within \(Self.range.lowerBound)…\(Self.range.upperBound), found \(gamma)")
        }
        try self.init(gamma: gamma)
    }

    public var parameters: [String: ConfigValue] { ["gamma": gamma.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let deadline = RenderDeadline.current
        return try input.withNewValues(bands: input.bands) { source, output in
            // `pow` is costly per pixel: the deadline is checked between runs of pixels.
            try DeadlineChunks.forEach(source.count, checking: deadline) { start, count in
                for index in start..<(start + count) {
                    let value = source[index]
                    output[index] = value.isFinite ? pow(max(value, 0), exponent) : .nan
                }
            }
        }
    }
}
