/// Three bands as an RGB image: the output path for composites (as opposed to a colormap's
/// palette indices).
///
/// The output has 3 bands, red, green, blue, with values clamped to [0, 1] (stretch the
/// input first, e.g. with `LinearStretch` or `PercentileClip`). A pixel invalid in any input
/// band is NaN in all three bands: transparent once encoded. Band numbers are 1-based.
public struct Composite: RegisteredOperator {
    public static let registryName = "Composite"

    /// The 1-based band numbers shown as red, green and blue.
    public let red: Int, green: Int, blue: Int

    /// Shows bands `red`, `green`, `blue` (1-based) as RGB.
    public init(red: Int, green: Int, blue: Int) throws(OperatorError) {
        try ParameterCheck.bands([red, green, blue], for: Self.registryName)
        self.red = red
        self.green = green
        self.blue = blue
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(
            red: try reader.bandNumber("red"), green: try reader.bandNumber("green"),
            blue: try reader.bandNumber("blue"))
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

/// The work shared by `Composite` and `TrueColor`.
enum RGBComposition {
    static func compose(_ input: GeoTensor, bands: [Int], for operatorName: String) throws -> GeoTensor {
        try input.requireBands(bands, for: operatorName)
        let pixels = input.pixelCount
        return input.withNewValues(bands: 3) { source, output in
            for (slot, band) in bands.enumerated() {
                let from = source.baseAddress! + (band - 1) * pixels
                let to = output.baseAddress! + slot * pixels
                // Clamping may turn NaN into a bound; invalid pixels are made NaN again below.
                for index in 0..<pixels { to[index] = min(max(from[index], 0), 1) }
            }
            Validity.propagate(from: source, bands: input.bands, into: output, outputBands: 3, pixelCount: pixels)
        }
    }
}
