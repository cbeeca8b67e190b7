/// A percentile stretch ("cumulative count cut"): for each band, the `low`-th percentile of
/// the dataset maps to 0 and the `high`-th to 1, and values beyond are clamped.
///
/// The percentiles are the whole dataset's, never the tile's, so tiles join without seams:
/// give them as `vmin`/`vmax` (one number or one per band), or leave them out and the layer
/// computes them once when it loads (see `StatisticsDependent`), after which the bound
/// operator's config holds them. Percentiles follow numpy's default (linear interpolation)
/// over the pixels valid in every band.
public struct PercentileClip: RegisteredOperator, StatisticsDependent, BandPreserving {
    public static let registryName = "PercentileClip"

    /// The lower percentile, in [0, 100).
    public let low: Double
    /// The upper percentile, in (low, 100].
    public let high: Double
    /// The dataset's `low`-th percentile per band, once known.
    public let vmin: BandValues?
    /// The dataset's `high`-th percentile per band, once known.
    public let vmax: BandValues?

    /// Stretches between the `low`-th and `high`-th percentiles; `vmin`/`vmax` nil until bound.
    public init(low: Double = 2, high: Double = 98, vmin: BandValues? = nil, vmax: BandValues? = nil)
        throws(OperatorError)
    {
        try ParameterCheck.require(
            0 <= low && low < high && high <= 100, "percentiles must satisfy 0 ≤ low < high ≤ 100",
            for: Self.registryName)
        try ParameterCheck.require(
            (vmin == nil) == (vmax == nil), "give both vmin and vmax, or neither", for: Self.registryName)
        self.low = low
        self.high = high
        self.vmin = vmin
        self.vmax = vmax
    }

    public init(from reader: inout ParameterReader) throws {
        let low = try reader.optional("low", default: 2.0)
        let high = try reader.optional("high", default: 98.0)
        guard 0 <= low, low < 100 else { throw reader.invalid("low", "low must be in [0, 100), found \(low)") }
        guard low < high, high <= 100 else {
            throw reader.invalid("high", "high must be in (low, 100], found \(high)")
        }
        let vmin = try reader.optionalPixelValues("vmin")
        let vmax = try reader.optionalPixelValues("vmax")
        guard (vmin == nil) == (vmax == nil) else {
            throw reader.invalid(vmin == nil ? "vmin" : "vmax", "give both vmin and vmax, or neither")
        }
        if let vmin, let vmax { try reader.checkSpans(vmin, vmax, lowKey: "vmin", highKey: "vmax") }
        try self.init(low: low, high: high, vmin: vmin, vmax: vmax)
    }

    /// As many bands as per-band limits hold, once given or bound.
    public var bandsTaken: BandRequirement {
        (vmin?.bandRequirement ?? .any).or(vmax?.bandRequirement ?? .any)
    }

    public var parameters: [String: ConfigValue] {
        var entries: [String: ConfigValue] = ["low": low.configValue, "high": high.configValue]
        if let vmin, let vmax {
            entries["vmin"] = vmin.configValue
            entries["vmax"] = vmax.configValue
        }
        return entries
    }

    public var needsStatistics: Bool { vmin == nil }

    public func bound(toSample sample: GeoTensor) throws -> any Operator {
        let statistics = try SampleStatistics(sample, for: Self.registryName)
        return try PercentileClip(
            low: low, high: high, vmin: .perBand(statistics.percentiles(low)),
            vmax: .perBand(statistics.percentiles(high)))
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        guard let vmin, let vmax else {
            throw OperatorError.missingStatistics(Self.registryName, given: "'vmin' and 'vmax'")
        }
        return try BandwiseStretch.apply(
            input, low: try vmin.resolved(bands: input.bands, key: "vmin", for: Self.registryName),
            high: try vmax.resolved(bands: input.bands, key: "vmax", for: Self.registryName), clip: true)
    }
}
