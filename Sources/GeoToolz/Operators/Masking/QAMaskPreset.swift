/// A cloud mask with a fixed set of QA bits (a named preset of `MaskQABits`): reads its QA band
/// number and whether to keep that band, and masks pixels with any of `bits` set.
public protocol QAMaskPreset: RegisteredOperator, MaskBandDropping {
    /// The QA bits that make a pixel nodata.
    static var bits: [Int] { get }
    /// The 1-based number of the QA band.
    var band: Int { get }
    /// Keep the QA band in the output.
    var keepBand: Bool { get }
    init(band: Int, keepBand: Bool) throws(OperatorError)
}

extension QAMaskPreset {
    public init(from reader: inout ParameterReader) throws {
        try self.init(band: try reader.bandNumber("band"), keepBand: try reader.optional("keepBand", default: false))
    }

    public var parameters: [String: ConfigValue] { ["band": band.configValue, "keepBand": keepBand.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try BandMasking.apply(
            QABits(bits: Self.bits, invert: false), to: input, maskBand: band, keepMaskBand: keepBand,
            for: Self.registryName)
    }
}
