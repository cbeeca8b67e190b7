/// Makes pixels nodata where a mask band is 0 (or, inverted, where it is not 0), as GDAL mask
/// bands read: non-zero is valid. A non-finite mask value is nodata too.
///
/// The mask band (1-based) is one of the input's bands — stack a separate mask with `Stack` in
/// a `Graph` — and is dropped from the output unless `keepBand` is true.
public struct ApplyMask: RegisteredOperator, MaskBandDropping {
    public static let registryName = "ApplyMask"

    /// The 1-based number of the mask band.
    public let band: Int
    /// Mask out where the band is non-zero instead of where it is zero.
    public let invert: Bool
    /// Keep the mask band in the output.
    public let keepBand: Bool

    /// Masks by band `band` (1-based); the parameters are those of the config.
    public init(band: Int, invert: Bool = false, keepBand: Bool = false) throws(OperatorError) {
        try ParameterCheck.bands([band], for: Self.registryName)
        self.band = band
        self.invert = invert
        self.keepBand = keepBand
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(
            band: try reader.bandNumber("band"), invert: try reader.optional("invert", default: false),
            keepBand: try reader.optional("keepBand", default: false))
    }

    public var parameters: [String: ConfigValue] {
        ["band": band.configValue, "invert": invert.configValue, "keepBand": keepBand.configValue]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try BandMasking.apply(
            ZeroRule(invert: invert), to: input, maskBand: band, keepMaskBand: keepBand, for: Self.registryName)
    }

    private struct ZeroRule: MaskRule {
        let invert: Bool
        func masks(_ value: Float) -> Bool { (value == 0) != invert }
    }
}
