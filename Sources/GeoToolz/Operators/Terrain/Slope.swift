import Foundation

/// Terrain steepness: the angle of the surface from horizontal in degrees (0…90), or with
/// `units: percent`, rise over run × 100. Heights are multiplied by `zFactor` (default 1).
///
/// Gradients follow Horn's method, as `gdaldem slope` computes them, over ground metres taken
/// from the geotransform (Web Mercator corrected by the cosine of each row's latitude), so
/// tiles join without seams; the halo is 1 pixel. One band out.
public struct Slope: RegisteredOperator, SingleBandOutput {
    public static let registryName = "Slope"

    /// How slope is expressed.
    public enum Units: String, ConfigChoice {
        case degrees, percent
    }

    /// Vertical exaggeration (also converts elevation units to metres).
    public let zFactor: Double
    /// Degrees or percent.
    public let units: Units
    private let shader: Shader

    /// Slope in `units`, heights scaled by `zFactor`.
    public init(zFactor: Double = 1, units: Units = .degrees) throws(OperatorError) {
        try ParameterCheck.carried([("zFactor", zFactor)], for: Self.registryName)
        try ParameterCheck.require(Float(zFactor) > 0, "zFactor must be greater than 0", for: Self.registryName)
        self.zFactor = zFactor
        self.units = units
        self.shader = Shader(inPercent: units == .percent)
    }

    public init(from reader: inout ParameterReader) throws {
        let zFactor = try reader.pixelNumber("zFactor", default: 1.0)
        guard Float(zFactor) > 0 else {
            throw reader.invalid(
                "zFactor", "zFactor must be greater than 0 (1.4e-45 or more in Float32), found \(zFactor)")
        }
        try self.init(zFactor: zFactor, units: try reader.optional("units", default: .degrees))
    }

    public var parameters: [String: ConfigValue] { ["zFactor": zFactor.configValue, "units": units.configValue] }

    public var halo: Int { 1 }

    /// Elevations, one band.
    public var bandsTaken: BandRequirement { .exactly(1) }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try HornGradient.shade(input, zFactor: zFactor, with: shader, for: Self.registryName)
    }

    private struct Shader: TerrainShader, Sendable {
        let inPercent: Bool

        func value(dzdx: Float, dzdy: Float) -> Float {
            let rise = (dzdx * dzdx + dzdy * dzdy).squareRoot()
            return inPercent ? 100 * rise : atan(rise) * (180 / .pi)
        }
    }
}
