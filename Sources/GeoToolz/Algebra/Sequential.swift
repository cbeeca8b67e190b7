/// Runs its operators one after another: a left fold over the input.
///
/// The halo is the sum of the members' halos: each one widens the context the next one needs.
/// `a | b` builds a Sequential and flattens nested ones; `init` keeps nesting as written, so a
/// config survives a round trip exactly.
public struct Sequential: RegisteredOperator {
    public static let registryName = "Sequential"

    /// The members, in the order they run.
    public let operators: [any Operator]
    public let halo: Int

    /// A pipeline of `operators`, run first to last.
    public init(_ operators: [any Operator]) {
        self.operators = operators
        self.halo = operators.reduce(0) { Halo.adding($0, $1.halo) }
    }

    public init(from reader: inout ParameterReader) throws {
        self.init(try reader.operatorList("operators"))
    }

    public var parameters: [String: ConfigValue] {
        ["operators": .array(operators.map(\.config))]
    }

    public var arity: Arity { operators.first?.arity ?? .exactly(1) }

    /// Each member takes what the one before gives; the first takes the pipeline's inputs.
    public func outputBands(forInputs inputs: [BandCount]) throws(BandCountMismatch) -> BandCount {
        guard !operators.isEmpty else { return inputs.count == 1 ? inputs[0] : .unknown }
        var bands = inputs
        var feeds = inputs.indices.map { BandCountMismatch.Feed.pipelineInput($0) }
        for (index, member) in operators.enumerated() {
            let path: [ConfigPath.Component] = [.key("operators"), .index(index)]
            do {
                bands = [try member.outputBands(forInputs: bands)]
            } catch {
                throw error.nested(under: path, inputs: feeds)
            }
            feeds = [.step(path: path, operatorName: member.registryName)]
        }
        return bands[0]
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try apply(inputs: [input])
    }

    public func apply(inputs: [GeoTensor]) throws -> GeoTensor {
        guard let first = operators.first else {
            guard inputs.count == 1 else { throw OperatorError.arity(Self.registryName, arity, inputs.count) }
            return inputs[0]
        }
        // A render over its budget stops between steps even when no member checks inside.
        let deadline = RenderDeadline.current
        try deadline?.check()
        var tensor = try first.apply(inputs: inputs)
        for member in operators.dropFirst() {
            try deadline?.check()
            tensor = try member.apply(tensor)
        }
        return tensor
    }
}

/// Composes two operators into a `Sequential`, flattening either side that is one already.
public func | (lhs: any Operator, rhs: any Operator) -> Sequential {
    func members(_ op: any Operator) -> [any Operator] {
        (op as? Sequential)?.operators ?? [op]
    }
    return Sequential(members(lhs) + members(rhs))
}
