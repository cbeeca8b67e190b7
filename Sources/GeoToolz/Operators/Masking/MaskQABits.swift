/// Cloud and quality masking: pixels whose QA band has any of `bits` set become nodata in
/// every band (with `invert`, pixels where none of them is set do).
///
/// `band` is the 1-based number of the QA band, which is dropped from the output unless
/// `keepBand` is true. Bits count from 0 (the least significant). See `MaskSentinel2Clouds`
/// and `MaskLandsatClouds` for the common presets.
public struct MaskQABits: RegisteredOperator, MaskBandDropping {
    public static let registryName = "MaskQABits"

    /// The 1-based number of the QA band.
    public let band: Int
    /// The bit positions that mark a pixel as bad.
    public var bits: [Int] { rule.bits }
    /// Mask pixels where none of the bits is set instead.
    public var invert: Bool { rule.invert }
    /// Keep the QA band in the output.
    public let keepBand: Bool
    private let rule: QABits

    /// Masks pixels whose QA band `band` (1-based) has any of `bits` set.
    public init(band: Int, bits: [Int], invert: Bool = false, keepBand: Bool = false) throws(OperatorError) {
        try ParameterCheck.bands([band], for: Self.registryName)
        try ParameterCheck.require(!bits.isEmpty, "list at least one bit", for: Self.registryName)
        try ParameterCheck.require(
            bits.allSatisfy { (0...QABits.highestBit).contains($0) }, "QA bits are 0…\(QABits.highestBit)",
            for: Self.registryName)
        self.band = band
        self.rule = QABits(bits: bits, invert: invert)
        self.keepBand = keepBand
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(
            band: try reader.bandNumber("band"), bits: try QABits.read("bits", from: &reader),
            invert: try reader.optional("invert", default: false),
            keepBand: try reader.optional("keepBand", default: false))
    }

    public var parameters: [String: ConfigValue] {
        [
            "band": band.configValue, "bits": bits.configValue, "invert": invert.configValue,
            "keepBand": keepBand.configValue,
        ]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try BandMasking.apply(rule, to: input, maskBand: band, keepMaskBand: keepBand, for: Self.registryName)
    }
}
