/// Maps `vmin` to 0 and `vmax` to 1 linearly: `(value − vmin) / (vmax − vmin)`, clamped to
/// [0, 1] when `clip` is true (the default).
///
/// `vmin` and `vmax` are each one number for every band or a list with one per band; `vmin`
/// must not exceed `vmax`, and where they are equal every valid value maps to 0. For limits
/// taken from the data, use `PercentileClip` (`low: 0, high: 100` is a min–max stretch).
public struct LinearStretch: RegisteredOperator, BandPreserving {
    public static let registryName = "LinearStretch"

    /// The value mapped to 0.
    public let vmin: BandValues
    /// The value mapped to 1.
    public let vmax: BandValues
    /// Whether results are clamped to [0, 1].
    public let clip: Bool

    /// Maps `vmin` to 0 and `vmax` to 1, clamping when `clip` is true.
    public init(vmin: BandValues, vmax: BandValues, clip: Bool = true) {
        self.vmin = vmin
        self.vmax = vmax
        self.clip = clip
    }

    public init(from reader: inout ParameterReader) throws {
        let vmin = try reader.pixelValues("vmin")
        let vmax = try reader.pixelValues("vmax")
        // Equal limits map everything to 0: meaningless when written, so refused like reversed ones.
        try reader.checkSpans(vmin, vmax, lowKey: "vmin", highKey: "vmax")
        self.init(vmin: vmin, vmax: vmax, clip: try reader.optional("clip", default: true))
    }

    /// As many bands as a per-band list holds.
    public var bandsTaken: BandRequirement { vmin.bandRequirement.or(vmax.bandRequirement) }

    public var parameters: [String: ConfigValue] {
        ["vmin": vmin.configValue, "vmax": vmax.configValue, "clip": clip.configValue]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let low = try vmin.resolved(bands: input.bands, key: "vmin", for: Self.registryName)
        let high = try vmax.resolved(bands: input.bands, key: "vmax", for: Self.registryName)
        if let band = low.indices.first(where: { low[$0] > high[$0] }) {
            throw OperatorError(Self.registryName, "vmax is below vmin for band \(band + 1)")
        }
        return try BandwiseStretch.apply(input, low: low, high: high, clip: clip)
    }
}
