/// Landsat Collection 2 cloud masking with the QA_PIXEL band: cirrus (bit 2), cloud (bit 3)
/// and cloud shadow (bit 4) become nodata. `MaskQABits` with those bits.
public struct MaskLandsatClouds: QAMaskPreset {
    public static let registryName = "MaskLandsatClouds"
    /// QA_PIXEL's cirrus, cloud and cloud-shadow bits.
    public static let bits = [2, 3, 4]

    /// The 1-based number of the QA_PIXEL band.
    public let band: Int
    public let keepBand: Bool

    /// Masks by the QA_PIXEL band `band` (1-based).
    public init(band: Int, keepBand: Bool = false) throws(OperatorError) {
        try ParameterCheck.bands([band], for: Self.registryName)
        self.band = band
        self.keepBand = keepBand
    }
}
