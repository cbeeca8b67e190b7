/// Keeps the listed bands, in the listed order (a band may be listed more than once).
///
/// Band numbers are 1-based, as in GDAL and layer files. A pixel invalid in any input band
/// stays invalid in every output band.
public struct SelectBands: RegisteredOperator {
    public static let registryName = "SelectBands"

    /// The 1-based numbers of the bands to keep, in output order.
    public let bands: [Int]

    /// Keeps `bands` (1-based), in that order.
    public init(bands: [Int]) throws(OperatorError) {
        try ParameterCheck.require(!bands.isEmpty, "name at least one band", for: Self.registryName)
        try ParameterCheck.bands(bands, for: Self.registryName)
        self.bands = bands
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(bands: try reader.bandNumbers("bands"))
    }

    public var parameters: [String: ConfigValue] { ["bands": bands.configValue] }

    public var bandsTaken: BandRequirement { .atLeast(bands.max() ?? 1) }

    public func bandsGiven(forInput input: BandCount) -> BandCount { .exactly(bands.count) }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try input.requireBands(bands, for: Self.registryName)
        let pixels = input.pixelCount
        return input.withNewValues(bands: bands.count) { source, output in
            for (slot, band) in bands.enumerated() {
                let from = source.baseAddress! + (band - 1) * pixels
                (output.baseAddress! + slot * pixels).initialize(from: from, count: pixels)
            }
            Validity.propagate(
                from: source, bands: input.bands, into: output, outputBands: bands.count, pixelCount: pixels)
        }
    }
}
