/// Makes nodata opaque: every non-finite value (nodata) becomes `value`, in every band.
///
/// Tiles encode nodata as transparent; after this operator they have none, which is what a
/// TiTiler client asks for with `return_mask=false`. A colormapped input keeps its palette, so
/// `value: 0` after a `Colormap` draws nodata in the colormap's first colour; after an RGB
/// composite (values in [0, 1]) it draws black.
public struct FillNodata: RegisteredOperator, BandPreserving {
    public static let registryName = "FillNodata"

    /// What nodata becomes.
    public let value: Double

    /// Replaces nodata by `value`, which must be a finite Float32.
    public init(value: Double = 0) throws(OperatorError) {
        if let problem = PixelNumber.problem(value, named: "value") {
            throw OperatorError(Self.registryName, problem)
        }
        self.value = value
    }

    public init(from reader: inout ParameterReader) throws {
        try self.init(value: try reader.pixelNumber("value", default: 0))
    }

    public var parameters: [String: ConfigValue] { ["value": value.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let fill = Float(value)
        var output = input.withNewValues(bands: input.bands) { source, output in
            for index in source.indices {
                let value = source[index]
                output[index] = value.isFinite ? value : fill
            }
        }
        // Palette indices stay indices: the colormap's table still applies.
        output.palette = input.palette
        return output
    }
}
