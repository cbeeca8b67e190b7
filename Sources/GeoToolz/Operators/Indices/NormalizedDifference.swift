/// The normalized difference of two bands, `(a − b) / (a + b)`, in [−1, 1] for non-negative
/// data: the form of NDVI, NDWI, NBR and many other indices.
///
/// Band numbers are 1-based. Where `a + b` is 0 the result is NaN (nodata), as is any pixel
/// invalid in an input band. The output has one band.
public struct NormalizedDifference: RegisteredOperator, SingleBandOutput {
    public static let registryName = "NormalizedDifference"

    /// The 1-based number of the band added in the denominator and subtracted from.
    public let a: Int
    /// The 1-based number of the band subtracted.
    public let b: Int

    /// `(a − b) / (a + b)` of bands `a` and `b` (1-based).
    public init(a: Int, b: Int) throws(OperatorError) {
        try ParameterCheck.bands([a, b], for: Self.registryName)
        self.a = a
        self.b = b
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(a: try reader.bandNumber("a"), b: try reader.bandNumber("b"))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(a, b)) }

    public var parameters: [String: ConfigValue] { ["a": a.configValue, "b": b.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try Self.compute(input, a: a, b: b, for: Self.registryName)
    }

    /// `(a − b) / (a + b)` of bands `a` and `b`, failing under `operatorName`.
    static func compute(_ input: GeoTensor, a: Int, b: Int, for operatorName: String) throws -> GeoTensor {
        try SpectralIndex.compute(input, reading: [a, b], for: operatorName) { source, output, pixels in
            let first = source + (a - 1) * pixels
            let second = source + (b - 1) * pixels
            for index in 0..<pixels {
                output[index] = (first[index] - second[index]) / (first[index] + second[index])
            }
        }
    }
}
