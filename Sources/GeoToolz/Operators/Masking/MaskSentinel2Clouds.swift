/// Sentinel-2 L1C/L2A cloud masking with the QA60 band: opaque clouds (bit 10) and cirrus
/// (bit 11) become nodata. `MaskQABits` with those bits.
public struct MaskSentinel2Clouds: RegisteredOperator {
    public static let registryName = "MaskSentinel2Clouds"
    /// QA60's opaque-cloud and cirrus bits.
    public static let bits = [10, 11]

    /// The 1-based number of the QA60 band.
    public let band: Int
    /// Keep the QA band in the output.
    public let keepBand: Bool
    private static let rule = QABits(bits: bits, invert: false)

    /// Masks by the QA60 band `band` (1-based).
    public init(band: Int, keepBand: Bool = false) {
        precondition(band >= 1, "bands are numbered from 1")
        self.band = band
        self.keepBand = keepBand
    }

    public init(from reader: inout ParameterReader) throws {
        self.init(band: try reader.bandNumber("band"), keepBand: try reader.optional("keepBand", default: false))
    }

    public var parameters: [String: ConfigValue] { ["band": band.configValue, "keepBand": keepBand.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try BandMasking.apply(Self.rule, to: input, maskBand: band, keepMaskBand: keepBand, for: Self.registryName)
    }
}
