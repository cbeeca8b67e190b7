/// A natural-colour composite: `Composite` with the red, green and blue bands of Landsat 8/9
/// OLI and Sentinel-2 MSI by default (bands 4, 3, 2, 1-based).
///
/// Override the numbers when the layer reads other bands or reads them in another order
/// (e.g. `red: 1, green: 2, blue: 3` after reading only bands 4, 3, 2).
public struct TrueColor: RegisteredOperator {
    public static let registryName = "TrueColor"

    /// The 1-based band numbers shown as red, green and blue.
    public let red: Int, green: Int, blue: Int

    /// Shows bands `red`, `green`, `blue` (1-based) as RGB.
    public init(red: Int = 4, green: Int = 3, blue: Int = 2) throws(OperatorError) {
        try ParameterCheck.bands([red, green, blue], for: Self.registryName)
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(
            red: try reader.bandNumber("red", default: 4), green: try reader.bandNumber("green", default: 3),
            blue: try reader.bandNumber("blue", default: 2))
    }

    public var bandsTaken: BandRequirement { .atLeast(max(red, green, blue)) }

    public func bandsGiven(forInput input: BandCount) -> BandCount { .exactly(3) }

    public var parameters: [String: ConfigValue] {
        ["red": red.configValue, "green": green.configValue, "blue": blue.configValue]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try RGBComposition.compose(input, bands: [red, green, blue], for: Self.registryName)
    }
}
