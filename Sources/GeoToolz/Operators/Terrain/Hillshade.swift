import Foundation

/// Shaded relief: how directly each pixel's surface faces a light at `azimuth` (degrees
/// clockwise from north, default 315: north-west) and `altitude` (degrees above the horizon,
/// default 45), with heights multiplied by `zFactor` (default 1) to exaggerate relief.
///
/// The output is one band in [0, 1]: the cosine of the angle between the surface normal and
/// the light, 0 for surfaces turned away (`gdaldem hillshade` writes `1 + 254 ×` this as a
/// byte). Render it with `Colormap(name: gray, vmin: 0, vmax: 1)`. Gradients follow Horn's
/// method over ground metres taken from the geotransform (Web Mercator corrected by the
/// cosine of each row's latitude), so tiles join without seams; the halo is 1 pixel.
public struct Hillshade: RegisteredOperator, SingleBandOutput {
    public static let registryName = "Hillshade"

    /// Direction of the light, degrees clockwise from north.
    public let azimuth: Double
    /// Height of the light above the horizon, degrees.
    public let altitude: Double
    /// Vertical exaggeration (also converts elevation units to metres).
    public let zFactor: Double
    private let shader: Shader

    /// A light at `azimuth` and `altitude` (degrees), heights scaled by `zFactor`.
    public init(azimuth: Double = 315, altitude: Double = 45, zFactor: Double = 1) throws(OperatorError) {
        try ParameterCheck.require((0...360).contains(azimuth), "azimuth is in [0, 360]", for: Self.registryName)
        try ParameterCheck.require((0...90).contains(altitude), "altitude is in [0, 90]", for: Self.registryName)
        try ParameterCheck.carried([("zFactor", zFactor)], for: Self.registryName)
        try ParameterCheck.require(Float(zFactor) > 0, "zFactor must be greater than 0", for: Self.registryName)
        self.azimuth = azimuth
        self.altitude = altitude
        self.zFactor = zFactor
        self.shader = Shader(azimuth: azimuth, altitude: altitude)
    }

    public init(from reader: inout ParameterReader) throws {
        let azimuth = try reader.optional("azimuth", default: 315.0)
        let altitude = try reader.optional("altitude", default: 45.0)
        let zFactor = try reader.pixelNumber("zFactor", default: 1.0)
        guard (0...360).contains(azimuth) else {
            throw reader.invalid("azimuth", "azimuth is in [0, 360], found \(azimuth)")
        }
        guard (0...90).contains(altitude) else {
            throw reader.invalid("altitude", "altitude is in [0, 90], found \(altitude)")
        }
        guard Float(zFactor) > 0 else {
            throw reader.invalid(
                "zFactor", "zFactor must be greater than 0 (1.4e-45 or more in Float32), found \(zFactor)")
        }
        try self.init(azimuth: azimuth, altitude: altitude, zFactor: zFactor)
    }

    public var parameters: [String: ConfigValue] {
        ["azimuth": azimuth.configValue, "altitude": altitude.configValue, "zFactor": zFactor.configValue]
    }

    public var halo: Int { 1 }

    /// Elevations, one band.
    public var bandsTaken: BandRequirement { .exactly(1) }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try HornGradient.shade(input, zFactor: zFactor, with: shader, for: Self.registryName)
    }

    /// The light's direction, precomputed: with gradient (p, q), the cosine of the incidence
    /// angle is `(sin alt − p·sin az·cos alt − q·cos az·cos alt) / √(1 + p² + q²)`.
    private struct Shader: TerrainShader, Sendable {
        let sinAltitude: Float
        let eastward: Float
        let northward: Float

        init(azimuth: Double, altitude: Double) {
            let azimuth = azimuth * .pi / 180
            let altitude = altitude * .pi / 180
            sinAltitude = Float(sin(altitude))
            eastward = Float(sin(azimuth) * cos(altitude))
            northward = Float(cos(azimuth) * cos(altitude))
        }

        func value(dzdx: Float, dzdy: Float) -> Float {
            let facing =
                (sinAltitude - dzdx * eastward - dzdy * northward) / (1 + dzdx * dzdx + dzdy * dzdy).squareRoot()
            return facing.isNaN ? facing : max(facing, 0)
        }
    }
}
