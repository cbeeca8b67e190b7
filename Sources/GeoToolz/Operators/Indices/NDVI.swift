/// Normalized Difference Vegetation Index, `(nir − red) / (nir + red)`: dense vegetation is
/// high (0.6–0.9), bare soil near 0.1, water negative. Landsat 8/9: `nir: 5, red: 4`;
/// Sentinel-2: `nir: 8, red: 4`.
///
/// Band numbers are 1-based. Where the denominator is 0 the result is NaN (nodata), as is
/// any pixel invalid in an input band. The output has one band, in [−1, 1] for reflectances.
public struct NDVI: RegisteredOperator, SingleBandOutput {
    public static let registryName = "NDVI"

    /// The 1-based number of the near-infrared band.
    public let nir: Int
    /// The 1-based number of the red band.
    public let red: Int

    /// The index of bands `nir` and `red` (1-based).
    public init(nir: Int, red: Int) throws(OperatorError) {
        try ParameterCheck.bands([nir, red], for: Self.registryName)
        self.nir = nir
        self.red = red
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(nir: try reader.bandNumber("nir"), red: try reader.bandNumber("red"))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(nir, red)) }

    public var parameters: [String: ConfigValue] { ["nir": nir.configValue, "red": red.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try NormalizedDifference.compute(input, a: nir, b: red, for: Self.registryName)
    }
}
