/// An operator whose result depends on statistics of the whole dataset — percentiles, dark
/// object values, automatic stretch limits.
///
/// Statistics taken from the tile being rendered would differ from tile to tile and show as
/// seams, so such an operator takes them from the whole dataset instead: either given in its
/// config, or computed once when the layer loads, from the tensor that reaches the operator
/// when the pipeline runs over an overview of the whole dataset (see `calibrated(with:)`).
public protocol StatisticsDependent: Operator {
    /// Whether the statistics are still to be computed (false once bound or given in the config).
    var needsStatistics: Bool { get }
    /// A copy bound to statistics computed from `sample`: the whole-dataset tensor that reaches
    /// this operator.
    func bound(toSample sample: GeoTensor) throws -> any Operator
}

/// A pipeline whose statistics-dependent operators were bound, and what it produced while
/// binding them.
public struct Calibration: Sendable {
    /// The pipeline, every statistics-dependent member bound.
    public let pipeline: any Operator
    /// The output of the calibration run.
    public let output: GeoTensor

    public init(pipeline: any Operator, output: GeoTensor) {
        self.pipeline = pipeline
        self.output = output
    }
}

extension Operator {
    /// Whether this operator, or any operator inside it, still needs dataset statistics.
    public var needsCalibration: Bool {
        switch self {
        case let dependent as any StatisticsDependent: dependent.needsStatistics
        case let sequential as Sequential: sequential.operators.contains { $0.needsCalibration }
        case let graph as Graph: graph.nodes.contains { $0.op.needsCalibration }
        default: false
        }
    }

    /// Runs the pipeline once over `sample` (the whole dataset, e.g. an overview, one tensor per
    /// input), binding every statistics-dependent operator to the tensor that reaches it.
    public func calibrated(with sample: [GeoTensor]) throws -> Calibration {
        switch self {
        case let sequential as Sequential:
            return try sequential.calibratedMembers(with: sample)
        case let graph as Graph:
            return try graph.calibratedNodes(with: sample)
        case let dependent as any StatisticsDependent where dependent.needsStatistics:
            guard sample.count == 1 else {
                throw OperatorError(registryName, "statistics are taken from a single input")
            }
            let bound = try dependent.bound(toSample: sample[0])
            return Calibration(pipeline: bound, output: try bound.apply(inputs: sample))
        default:
            return Calibration(pipeline: self, output: try apply(inputs: sample))
        }
    }
}

extension Sequential {
    fileprivate func calibratedMembers(with sample: [GeoTensor]) throws -> Calibration {
        guard let first = operators.first else { return Calibration(pipeline: self, output: try apply(inputs: sample)) }
        var step = try first.calibrated(with: sample)
        var members = [step.pipeline]
        for member in operators.dropFirst() {
            step = try member.calibrated(with: [step.output])
            members.append(step.pipeline)
        }
        return Calibration(pipeline: Sequential(members), output: step.output)
    }
}

extension Graph {
    fileprivate func calibratedNodes(with sample: [GeoTensor]) throws -> Calibration {
        guard sample.count == inputNames.count else {
            throw OperatorError(Self.registryName, "takes \(arity), was given \(sample.count)")
        }
        var values = Dictionary(uniqueKeysWithValues: zip(inputNames, sample))
        var bound = [String: any Operator]()
        // Nodes are evaluated as they become ready, so any declared order works.
        var pending = nodes
        while !pending.isEmpty {
            guard let index = pending.firstIndex(where: { $0.inputs.allSatisfy { values[$0] != nil } }) else {
                throw GraphError.cycle(pending.map(\.name))
            }
            let node = pending.remove(at: index)
            let step = try node.op.calibrated(with: node.inputs.map { values[$0]! })
            values[node.name] = step.output
            bound[node.name] = step.pipeline
        }
        let rebuilt = try Graph(
            inputs: inputNames,
            nodes: nodes.map { Node(name: $0.name, op: bound[$0.name]!, inputs: $0.inputs) },
            outputs: outputs)
        guard let first = outputs.keys.sorted().first else { throw GraphError.outputCount(0) }
        return Calibration(pipeline: rebuilt, output: values[outputs[first]!]!)
    }
}
