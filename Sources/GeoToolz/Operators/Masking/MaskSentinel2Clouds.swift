/// Sentinel-2 L1C/L2A cloud masking with the QA60 band: opaque clouds (bit 10) and cirrus
/// (bit 11) become nodata. `MaskQABits` with those bits.
public struct MaskSentinel2Clouds: QAMaskPreset {
    public static let registryName = "MaskSentinel2Clouds"
    /// QA60's opaque-cloud and cirrus bits.
    public static let bits = [10, 11]

    /// The 1-based number of the QA60 band.
    public let band: Int
    public let keepBand: Bool

    /// Masks by the QA60 band `band` (1-based).
    public init(band: Int, keepBand: Bool = false) throws(OperatorError) {
        try ParameterCheck.bands([band], for: Self.registryName)
        self.band = band
        self.keepBand = keepBand
    }
}
