/// Enhanced Vegetation Index (MODIS): `gain · (nir − red) / (nir + c1 · red − c2 · blue + l)`,
/// with the standard coefficients `gain 2.5, c1 6, c2 7.5, l 1` by default. Expects surface
/// reflectance in [0, 1] (apply `Scale` first).
///
/// Band numbers are 1-based (Landsat 8/9: `nir: 5, red: 4, blue: 2`). Where the denominator
/// is 0 the result is NaN (nodata), as is any pixel invalid in an input band. One band out.
public struct EVI: RegisteredOperator, SingleBandOutput {
    public static let registryName = "EVI"

    /// The 1-based numbers of the near-infrared, red and blue bands.
    public let nir: Int, red: Int, blue: Int
    /// The gain factor.
    public let gain: Double
    /// The red and blue aerosol-resistance coefficients.
    public let c1: Double, c2: Double
    /// The canopy background adjustment.
    public let l: Double

    /// The index of bands `nir`, `red` and `blue` (1-based), with the given coefficients.
    public init(nir: Int, red: Int, blue: Int, gain: Double = 2.5, c1: Double = 6, c2: Double = 7.5, l: Double = 1)
        throws(OperatorError)
    {
        try ParameterCheck.bands([nir, red, blue], for: Self.registryName)
        try ParameterCheck.carried([("gain", gain), ("c1", c1), ("c2", c2), ("l", l)], for: Self.registryName)
        self.nir = nir
        self.red = red
        self.blue = blue
        self.gain = gain
        self.c1 = c1
        self.c2 = c2
        self.l = l
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(
            nir: try reader.bandNumber("nir"), red: try reader.bandNumber("red"), blue: try reader.bandNumber("blue"),
            gain: try reader.pixelNumber("gain", default: 2.5), c1: try reader.pixelNumber("c1", default: 6.0),
            c2: try reader.pixelNumber("c2", default: 7.5), l: try reader.pixelNumber("l", default: 1.0))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(nir, red, blue)) }

    public var parameters: [String: ConfigValue] {
        [
            "nir": nir.configValue, "red": red.configValue, "blue": blue.configValue, "gain": gain.configValue,
            "c1": c1.configValue, "c2": c2.configValue, "l": l.configValue,
        ]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let (gain, c1, c2, l) = (Float(gain), Float(c1), Float(c2), Float(l))
        return try SpectralIndex.compute(input, reading: [nir, red, blue], for: Self.registryName) {
            source, output, pixels in
            let nir = source + (self.nir - 1) * pixels
            let red = source + (self.red - 1) * pixels
            let blue = source + (self.blue - 1) * pixels
            for index in 0..<pixels {
                output[index] =
                    gain * (nir[index] - red[index]) / (nir[index] + c1 * red[index] - c2 * blue[index] + l)
            }
        }
    }
}
