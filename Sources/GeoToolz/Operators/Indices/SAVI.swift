/// Soil-Adjusted Vegetation Index (Huete 1988): `(1 + l) · (nir − red) / (nir + red + l)`,
/// with the standard soil brightness factor `l = 0.5` by default. Expects surface reflectance
/// in [0, 1] (apply `Scale` first).
///
/// Band numbers are 1-based (Landsat 8/9: `nir: 5, red: 4`). Where the denominator is 0 the
/// result is NaN (nodata), as is any pixel invalid in an input band. One band out.
public struct SAVI: RegisteredOperator, SingleBandOutput {
    public static let registryName = "SAVI"

    /// The 1-based numbers of the near-infrared and red bands.
    public let nir: Int, red: Int
    /// The soil brightness correction factor.
    public let l: Double

    /// The index of bands `nir` and `red` (1-based), soil factor `l`.
    public init(nir: Int, red: Int, l: Double = 0.5) throws(OperatorError) {
        try ParameterCheck.bands([nir, red], for: Self.registryName)
        try ParameterCheck.require((0...1).contains(l), "l is a soil factor in [0, 1]", for: Self.registryName)
        self.nir = nir
        self.red = red
        self.l = l
    }

    public init(from reader: inout ParameterReader) throws {
        let l = try reader.optional("l", default: 0.5)
        // Huete's soil factor runs from 0 (dense vegetation) to 1 (sparse).
        guard (0...1).contains(l) else { throw reader.invalid("l", "l is a soil factor in [0, 1], found \(l)") }
        try self.init(nir: try reader.bandNumber("nir"), red: try reader.bandNumber("red"), l: l)
    }

    public var bandsTaken: BandRequirement { .atLeast(max(nir, red)) }

    public var parameters: [String: ConfigValue] {
        ["nir": nir.configValue, "red": red.configValue, "l": l.configValue]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let l = Float(l)
        let factor = 1 + l
        return try SpectralIndex.compute(input, reading: [nir, red], for: Self.registryName) {
            source, output, pixels in
            let nir = source + (self.nir - 1) * pixels
            let red = source + (self.red - 1) * pixels
            for index in 0..<pixels {
                output[index] = factor * (nir[index] - red[index]) / (nir[index] + red[index] + l)
            }
        }
    }
}
