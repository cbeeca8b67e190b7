/// Concatenates the bands of its inputs, in input order: the way a Graph joins named sources.
///
/// All inputs must share height and width; the result takes the first input's georeferencing.
public struct Stack: RegisteredOperator, MultiInputOperator {
    public static let registryName = "Stack"

    public init() {}

    public init(from reader: inout ParameterReader) throws {}

    public var parameters: [String: ConfigValue] { [:] }

    public var arity: Arity { .atLeast(1) }

    /// The sum of the inputs' bands (unknown past `Int.max`, which no tensor reaches).
    public func outputBands(forInputs inputs: [BandCount]) throws(BandCountMismatch) -> BandCount {
        var total = 0
        for input in inputs {
            guard let count = input.known else { return .unknown }
            let (sum, overflow) = total.addingReportingOverflow(count)
            if overflow { return .unknown }
            total = sum
        }
        return .exactly(total)
    }

    public func apply(inputs: [GeoTensor]) throws -> GeoTensor {
        guard let first = inputs.first else { throw OperatorError.arity(Self.registryName, arity, 0) }
        if inputs.count == 1 { return first }
        var values = [Float]()
        values.reserveCapacity(inputs.reduce(0) { $0 + $1.values.count })
        var warnings = [String]()
        let deadline = RenderDeadline.current
        for (index, input) in inputs.enumerated() {
            try deadline?.check()
            guard input.height == first.height, input.width == first.width else {
                throw OperatorError(
                    Self.registryName,
                    "input \(index) is \(input.width)×\(input.height), input 0 is \(first.width)×\(first.height)")
            }
            values.append(contentsOf: input.values)
            warnings.append(contentsOf: input.warnings)
        }
        var out = first.replacing(bands: inputs.reduce(0) { $0 + $1.bands }, values: values)
        out.warnings = warnings
        return out
    }
}
