/// The checks an operator built in Swift runs on its parameters: a value it cannot work with
/// throws an `OperatorError` naming the operator instead of stopping the process. Config
/// readers refuse the same values first, with errors located in the document.
enum ParameterCheck {
    /// Fails with `message` unless `condition` holds.
    static func require(_ condition: Bool, _ message: @autoclosure () -> String, for operatorName: String)
        throws(OperatorError)
    {
        guard condition else { throw OperatorError(operatorName, message()) }
    }

    /// Fails unless every number is a band number, 1…`BandNumbers.highest`.
    static func bands(_ numbers: [Int], for operatorName: String) throws(OperatorError) {
        for number in numbers where !(1...BandNumbers.highest).contains(number) {
            throw OperatorError(operatorName, "bands are numbered 1…\(BandNumbers.highest); \(number) is not a band")
        }
    }

    /// Fails unless every value is within Float32's range, the arithmetic pixels go through.
    static func carried(_ values: [(name: String, value: Double)], for operatorName: String) throws(OperatorError) {
        for (name, value) in values {
            if let problem = PixelNumber.problem(value, named: name) { throw OperatorError(operatorName, problem) }
        }
    }
}
