/// How many tensors an operator takes.
public enum Arity: Sendable, Hashable, CustomStringConvertible {
    case exactly(Int)
    case atLeast(Int)

    /// Whether `count` inputs are acceptable.
    public func accepts(_ count: Int) -> Bool {
        switch self {
        case .exactly(let n): count == n
        case .atLeast(let n): count >= n
        }
    }

    public var description: String {
        switch self {
        case .exactly(let n): n == 1 ? "1 input" : "\(n) inputs"
        case .atLeast(let n): "at least \(n) input\(n == 1 ? "" : "s")"
        }
    }
}

/// A unit of raster processing: an immutable, `Sendable` value that maps tensors to a tensor.
///
/// Everything an operator needs per call (lookup tables, constants, parsed expressions) is built
/// in its `init`, so `apply` does only the per-pixel work and an operator can be shared by every
/// thread rendering tiles.
public protocol Operator: Sendable {
    /// The stable name the operator goes by in configs (`_target_`) and in the registry.
    var registryName: String { get }
    /// The operator's configuration, without `_target_`: enough to build it again.
    var parameters: [String: ConfigValue] { get }
    /// Pixels of source context needed around the output window (0 for per-pixel operators).
    var halo: Int { get }
    /// How many inputs the operator takes (one unless it combines several).
    var arity: Arity { get }
    /// How many bands a single-input operator takes (see `outputBands(forInputs:)`).
    var bandsTaken: BandRequirement { get }
    /// How many bands a single-input operator gives for an input of `input` bands.
    func bandsGiven(forInput input: BandCount) -> BandCount
    /// How many bands the operator gives for inputs of these counts, in wired order; throws when
    /// it cannot take them, so a pipeline that cannot work is refused before it reads a pixel.
    func outputBands(forInputs inputs: [BandCount]) throws(BandCountMismatch) -> BandCount
    /// Transforms one tensor.
    func apply(_ input: GeoTensor) throws -> GeoTensor
    /// Transforms several tensors, in the order they were wired.
    func apply(inputs: [GeoTensor]) throws -> GeoTensor
}

extension Operator {
    public var halo: Int { 0 }
    public var arity: Arity { .exactly(1) }

    public func apply(inputs: [GeoTensor]) throws -> GeoTensor {
        guard inputs.count == 1 else { throw OperatorError.arity(registryName, arity, inputs.count) }
        return try apply(inputs[0])
    }

    /// The full config: `parameters` with `_target_` set to the registry name.
    public var config: ConfigValue {
        var entries = parameters
        entries[ConfigKeys.target] = .string(registryName)
        return .object(entries)
    }

    /// The SHA-256 of the canonical JSON of `config`.
    public var configHash: String { ConfigHash.of(config) }
}

/// Operators that combine several inputs implement `apply(inputs:)`; one input is a list of one.
public protocol MultiInputOperator: Operator {}

extension MultiInputOperator {
    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try apply(inputs: [input])
    }
}

/// The reserved keys of a config mapping.
public enum ConfigKeys {
    /// The key that names the operator to build.
    public static let target = "_target_"
}

/// A failure while running an operator.
public struct OperatorError: Error, Sendable, CustomStringConvertible {
    /// The operator that failed.
    public let operatorName: String
    /// Why.
    public let message: String

    public init(_ operatorName: String, _ message: String) {
        self.operatorName = operatorName
        self.message = message
    }

    static func arity(_ name: String, _ arity: Arity, _ count: Int) -> OperatorError {
        OperatorError(name, "takes \(arity), was given \(count)")
    }

    public var description: String { "\(operatorName): \(message)" }
}
