/// Arithmetic over bands, written as an expression: `(b5 - b4) / (b5 + b4)`.
///
/// The language: numbers (`2`, `0.5`, `1e-3`), bands `b1`, `b2`, … (1-based, as the input's
/// bands), `+ - * /` (also `− × ÷`), unary minus, parentheses, comparisons
/// `< > <= >= == !=` (1 where true, 0 where false), and the functions `abs`, `sqrt`, `exp`,
/// `log`, `log10`, `floor`, `ceil`, `min`, `max` (two or more arguments), `pow(x, y)`,
/// `clamp(x, low, high)` and `where(condition, a, b)` (`a` where the condition is non-zero).
///
/// The expression is parsed and compiled once, when the operator is built; a bad one fails
/// with the column of the problem. Nothing but this arithmetic can ever run. The output is
/// one band; non-finite results (division by zero, `sqrt` of a negative) and pixels invalid in
/// any input band are NaN, nodata.
public struct BandMath: RegisteredOperator, SingleBandOutput {
    public static let registryName = "BandMath"
    /// The longest expression accepted, in characters.
    public static let maxLength = 4096

    /// The expression, as written.
    public let expression: String
    private let program: ExpressionProgram

    /// Parses and compiles `expression`.
    public init(expression: String) throws(ExpressionError) {
        guard expression.unicodeScalars.count <= Self.maxLength else {
            throw ExpressionError("the expression is longer than \(Self.maxLength) characters", at: Self.maxLength + 1)
        }
        self.expression = expression
        self.program = ExpressionProgram(try ExpressionParser.parse(expression))
    }

    public init(from reader: inout ParameterReader) throws {
        let expression: String = try reader.required("expression")
        do {
            try self.init(expression: expression)
        } catch {
            throw reader.invalid("expression", "\(error) in '\(expression)'")
        }
    }

    public var parameters: [String: ConfigValue] { ["expression": .string(expression)] }

    /// Every band the expression names.
    public var bandsTaken: BandRequirement { program.highestBand.map { .atLeast($0.number) } ?? .any }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        if let band = program.highestBand, band.number > input.bands {
            throw OperatorError(
                Self.registryName,
                "unknown band 'b\(band.number)' at column \(band.column) "
                    + "(the input has \(input.bands) band\(input.bands == 1 ? "" : "s"))")
        }
        let pixels = input.pixelCount
        let deadline = RenderDeadline.current
        return try input.withNewValues(bands: 1) { source, output in
            guard pixels > 0 else { return }
            try program.evaluate(source.baseAddress!, pixels: pixels, into: output.baseAddress!, checking: deadline)
            Validity.normalize(output)
            Validity.propagate(from: source, bands: input.bands, into: output, outputBands: 1, pixelCount: pixels)
        }
    }
}
