/// What a quality-control check does when it fails.
public enum OnFail: String, ConfigChoice {
    /// Fail the render with the check's message.
    case raise
    /// Pass the tensor on with the message added to its `warnings`, which reach the caller.
    case warn

    /// Raises or records `message` as `operatorName`'s failure.
    func report(_ message: String, by operatorName: String, on tensor: GeoTensor) throws(OperatorError) -> GeoTensor {
        switch self {
        case .raise:
            throw OperatorError(operatorName, message)
        case .warn:
            var warned = tensor
            warned.warnings.append("\(operatorName): \(message)")
            return warned
        }
    }
}
