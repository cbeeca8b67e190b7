/// Normalized Burn Ratio, `(nir − swir2) / (nir + swir2)`: burn scars are low. `swir2` is the
/// short-wave infrared band near 2.2 µm. Landsat 8/9: `nir: 5, swir2: 7`; Sentinel-2: B8 and
/// B12, numbered as they stand in the bands the layer reads.
///
/// Band numbers are 1-based. Where the denominator is 0 the result is NaN (nodata), as is
/// any pixel invalid in an input band. The output has one band, in [−1, 1] for reflectances.
public struct NBR: RegisteredOperator, SingleBandOutput {
    public static let registryName = "NBR"

    /// The 1-based number of the near-infrared band.
    public let nir: Int
    /// The 1-based number of the short-wave infrared (≈2.2 µm) band.
    public let swir2: Int

    /// The index of bands `nir` and `swir2` (1-based).
    public init(nir: Int, swir2: Int) throws(OperatorError) {
        try ParameterCheck.bands([nir, swir2], for: Self.registryName)
        self.nir = nir
        self.swir2 = swir2
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(nir: try reader.bandNumber("nir"), swir2: try reader.bandNumber("swir2"))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(nir, swir2)) }

    public var parameters: [String: ConfigValue] { ["nir": nir.configValue, "swir2": swir2.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try NormalizedDifference.compute(input, a: nir, b: swir2, for: Self.registryName)
    }
}
