/// Normalized Difference Water Index (McFeeters 1996), `(green − nir) / (green + nir)`: open
/// water is positive. Landsat 8/9: `green: 3, nir: 5`; Sentinel-2: `green: 3, nir: 8`.
///
/// Band numbers are 1-based. Where the denominator is 0 the result is NaN (nodata), as is
/// any pixel invalid in an input band. The output has one band, in [−1, 1] for reflectances.
public struct NDWI: RegisteredOperator, SingleBandOutput {
    public static let registryName = "NDWI"

    /// The 1-based number of the green band.
    public let green: Int
    /// The 1-based number of the near-infrared band.
    public let nir: Int

    /// The index of bands `green` and `nir` (1-based).
    public init(green: Int, nir: Int) throws(OperatorError) {
        try ParameterCheck.bands([green, nir], for: Self.registryName)
        self.green = green
        self.nir = nir
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(green: try reader.bandNumber("green"), nir: try reader.bandNumber("nir"))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(green, nir)) }

    public var parameters: [String: ConfigValue] { ["green": green.configValue, "nir": nir.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try NormalizedDifference.compute(input, a: green, b: nir, for: Self.registryName)
    }
}
