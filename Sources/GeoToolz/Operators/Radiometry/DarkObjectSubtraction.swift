/// Dark object subtraction, the simplest atmospheric (haze) correction: each band's darkest
/// valid values should be near zero reflectance, so the band's `percentile`-th percentile
/// over the whole dataset (its dark object value) is subtracted, and results below 0 become 0.
///
/// The dark object values are the dataset's, never the tile's, so tiles join without seams:
/// give them as `darkObjects` (one number or one per band), or leave them out and the layer
/// computes them once when it loads (see `StatisticsDependent`). Percentiles follow numpy's
/// default (linear interpolation) over the pixels valid in every band.
public struct DarkObjectSubtraction: RegisteredOperator, StatisticsDependent, BandPreserving {
    public static let registryName = "DarkObjectSubtraction"

    /// The percentile taken as each band's dark object, in [0, 100].
    public let percentile: Double
    /// The dataset's dark object value per band, once known.
    public let darkObjects: BandValues?

    /// Subtracts each band's `percentile`-th percentile; `darkObjects` nil until the layer binds it.
    public init(percentile: Double = 1, darkObjects: BandValues? = nil) throws(OperatorError) {
        try ParameterCheck.require(
            (0...100).contains(percentile), "the percentile must be in [0, 100]", for: Self.registryName)
        self.percentile = percentile
        self.darkObjects = darkObjects
    }

    public init(from reader: inout ParameterReader) throws {
        let percentile = try reader.optional("percentile", default: 1.0)
        guard (0...100).contains(percentile) else {
            throw reader.invalid("percentile", "the percentile must be in [0, 100], found \(percentile)")
        }
        try self.init(percentile: percentile, darkObjects: try reader.optionalPixelValues("darkObjects"))
    }

    /// As many bands as per-band dark objects hold, once given or bound.
    public var bandsTaken: BandRequirement { darkObjects?.bandRequirement ?? .any }

    public var parameters: [String: ConfigValue] {
        var entries: [String: ConfigValue] = ["percentile": percentile.configValue]
        if let darkObjects { entries["darkObjects"] = darkObjects.configValue }
        return entries
    }

    public var needsStatistics: Bool { darkObjects == nil }

    public func bound(toSample sample: GeoTensor) throws -> any Operator {
        let statistics = try SampleStatistics(sample, for: Self.registryName)
        return try DarkObjectSubtraction(
            percentile: percentile, darkObjects: .perBand(statistics.percentiles(percentile)))
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        guard let darkObjects else { throw OperatorError.missingStatistics(Self.registryName, given: "'darkObjects'") }
        let dark = try darkObjects.resolved(bands: input.bands, key: "darkObjects", for: Self.registryName)
        return try input.mappingBands { band, from, to, pixels in
            let shift = Float(dark[band])
            for index in 0..<pixels {
                let value = from[index]
                to[index] = value.isFinite ? max(value - shift, 0) : .nan
            }
        }
    }
}
