/// A directed acyclic graph of operators with named inputs and named outputs.
///
/// Build one in code by calling operators on `Input`s (`Graph(inputs: [red, nir], output:
/// NDVI()(Stack()(red, nir)))`) or from a config that lists its inputs, nodes and outputs.
/// Every node runs once per call, in dependency order, and intermediate tensors are released
/// as soon as their last consumer has run.
public struct Graph: RegisteredOperator, MultiInputOperator {
    public static let registryName = "Graph"

    /// One operator application: `name = op(inputs...)`.
    public struct Node: Sendable {
        /// The node's name, unique among inputs and nodes.
        public let name: String
        /// What the node computes.
        public let op: any Operator
        /// The names of the inputs or nodes it reads, in order.
        public let inputs: [String]

        public init(name: String, op: any Operator, inputs: [String]) {
            self.name = name
            self.op = op
            self.inputs = inputs
        }
    }

    /// Where a value comes from at run time.
    private enum Source: Sendable {
        case input(Int)
        case node(Int)
    }

    private struct Step: Sendable {
        let op: any Operator
        let sources: [Source]
        /// The node's position in `nodes`, where its config sits.
        let node: Int
    }

    /// The declared inputs, in positional order.
    public let inputNames: [String]
    /// The nodes as declared (the order a config lists them in).
    public let nodes: [Node]
    /// Output name → the input or node it exposes.
    public let outputs: [String: String]
    public let halo: Int
    private let steps: [Step]
    private let outputSources: [(name: String, source: Source)]
    private let uses: [Int]

    /// Builds a graph from named parts; nodes may be listed in any order.
    public init(inputs: [String], nodes: [Node], outputs: [String: String]) throws(GraphError) {
        var inputIndex = [String: Int]()
        for (index, name) in inputs.enumerated() {
            guard inputIndex[name] == nil else { throw .duplicateName(name) }
            inputIndex[name] = index
        }
        var declared = [String: Int]()
        for (index, node) in nodes.enumerated() {
            guard inputIndex[node.name] == nil, declared[node.name] == nil else { throw .duplicateName(node.name) }
            declared[node.name] = index
        }
        for node in nodes {
            for name in node.inputs where inputIndex[name] == nil && declared[name] == nil {
                throw .undeclaredInput(name, node: node.name)
            }
            guard node.op.arity.accepts(node.inputs.count) else {
                throw .arity(
                    node: node.name, operatorName: node.op.registryName, expected: node.op.arity,
                    given: node.inputs.count)
            }
        }
        guard !outputs.isEmpty else { throw .outputCount(0) }
        for (output, source) in outputs where inputIndex[source] == nil && declared[source] == nil {
            throw .unknownOutput(output: output, source: source)
        }

        let order = try Self.topologicalOrder(nodes, declared: declared)
        var position = [String: Int]()
        for (step, nodeIndex) in order.enumerated() { position[nodes[nodeIndex].name] = step }
        func source(_ name: String) -> Source {
            if let index = inputIndex[name] { return .input(index) }
            return .node(position[name]!)
        }
        var steps = [Step]()
        var haloAt = [Int]()
        var uses = [Int](repeating: 0, count: order.count)
        for nodeIndex in order {
            let node = nodes[nodeIndex]
            let sources = node.inputs.map(source)
            var widest = 0
            for case .node(let step) in sources {
                widest = max(widest, haloAt[step])
                uses[step] += 1
            }
            haloAt.append(Halo.adding(widest, node.op.halo))
            steps.append(Step(op: node.op, sources: sources, node: nodeIndex))
        }
        let outputSources = outputs.keys.sorted().map { (name: $0, source: source(outputs[$0]!)) }
        var halo = 0
        for output in outputSources {
            if case .node(let step) = output.source {
                halo = max(halo, haloAt[step])
                uses[step] += 1
            }
        }
        self.inputNames = inputs
        self.nodes = nodes
        self.outputs = outputs
        self.steps = steps
        self.outputSources = outputSources
        self.uses = uses
        self.halo = halo
    }

    /// Builds a graph from symbols: `outputs` maps each output name to the symbol it exposes.
    /// Fails when a symbol reads an `Input` that `inputs` does not declare.
    public init(inputs: [Input], outputs: [String: Symbol]) throws(GraphError) {
        var names = [ObjectIdentifier: String]()
        var nodes = [Node]()
        let declared = Set(inputs.map(\.name))

        func name(of symbol: Symbol, readBy reader: String) throws(GraphError) -> String {
            if let known = names[ObjectIdentifier(symbol)] { return known }
            switch symbol.kind {
            case .input(let inputName):
                guard declared.contains(inputName) else { throw .undeclaredInput(inputName, node: reader) }
                names[ObjectIdentifier(symbol)] = inputName
                return inputName
            case .apply(let op, let arguments):
                let nodeName = "n\(nodes.count)"
                var argumentNames = [String]()
                for argument in arguments { argumentNames.append(try name(of: argument, readBy: nodeName)) }
                // Post-order: arguments first, so `nodes` is already topological.
                let finalName = "n\(nodes.count)"
                nodes.append(Node(name: finalName, op: op, inputs: argumentNames))
                names[ObjectIdentifier(symbol)] = finalName
                return finalName
            }
        }

        var outputNames = [String: String]()
        for output in outputs.keys.sorted() {
            outputNames[output] = try name(of: outputs[output]!, readBy: output)
        }
        try self.init(inputs: inputs.map(\.name), nodes: nodes, outputs: outputNames)
    }

    /// Builds a graph with one output, named `output`.
    public init(inputs: [Input], output: Symbol) throws(GraphError) {
        try self.init(inputs: inputs, outputs: ["output": output])
    }

    public init(from reader: inout ParameterReader) throws {
        let inputs: [String] = try reader.required("inputs")
        let nodesPath = reader.path.appending("nodes")
        guard case .array(let nodeConfigs)? = reader.value("nodes") else {
            throw ConfigError("Graph needs 'nodes' (a list of {name, op, inputs})", at: nodesPath)
        }
        var nodes = [Node]()
        for (index, nodeConfig) in nodeConfigs.enumerated() {
            let path = nodesPath.appending(index)
            var nodeReader = try reader.nested(nodeConfig, at: path, describing: "a Graph node")
            let name: String = try nodeReader.required("name")
            let nodeInputs: [String] = try nodeReader.required("inputs")
            guard let opConfig = nodeReader.value("op") else {
                throw ConfigError("a Graph node needs 'op' (an operator)", at: path.appending("op"))
            }
            let op = try reader.buildOperator(opConfig, at: path.appending("op"))
            try nodeReader.finishReading()
            nodes.append(Node(name: name, op: op, inputs: nodeInputs))
        }
        let outputsPath = reader.path.appending("outputs")
        guard case .object(let outputConfigs)? = reader.value("outputs") else {
            throw ConfigError("Graph needs 'outputs' (a mapping from output name to node)", at: outputsPath)
        }
        var outputs = [String: String]()
        for (name, value) in outputConfigs {
            guard case .string(let source) = value else {
                throw ConfigError(
                    "an output must name an input or node, found \(value.kindName)", at: outputsPath.appending(name))
            }
            outputs[name] = source
        }
        do {
            try self.init(inputs: inputs, nodes: nodes, outputs: outputs)
        } catch {
            throw ConfigError(error.description, at: Self.locate(error, reader.path, inputs, nodes))
        }
    }

    /// The config path a construction error points at.
    private static func locate(_ error: GraphError, _ path: ConfigPath, _ inputs: [String], _ nodes: [Node])
        -> ConfigPath
    {
        let nodesPath = path.appending("nodes")
        func nodePath(_ name: String) -> ConfigPath {
            nodes.firstIndex { $0.name == name }.map { nodesPath.appending($0) } ?? nodesPath
        }
        switch error {
        case .undeclaredInput(let name, let node):
            let base = nodePath(node)
            let slot = nodes.first { $0.name == node }?.inputs.firstIndex(of: name)
            return slot.map { base.appending("inputs").appending($0) } ?? base
        case .duplicateName(let name):
            if let index = nodes.lastIndex(where: { $0.name == name }) {
                return nodesPath.appending(index).appending("name")
            }
            return path.appending("inputs")
        case .arity(let node, _, _, _): return nodePath(node).appending("inputs")
        case .unknownOutput(let output, _): return path.appending("outputs").appending(output)
        case .outputCount: return path.appending("outputs")
        case .cycle, .missingInput, .extraInput: return nodesPath
        }
    }

    public var parameters: [String: ConfigValue] {
        [
            "inputs": inputNames.configValue,
            "nodes": .array(
                nodes.map { node in
                    ["name": .string(node.name), "op": node.op.config, "inputs": node.inputs.configValue]
                }),
            "outputs": .object(outputs.mapValues { .string($0) }),
        ]
    }

    public var arity: Arity { .exactly(inputNames.count) }

    /// Every node takes what its inputs give; a single output gives its node's bands, several
    /// outputs an unknown count (one tensor cannot hold them).
    public func outputBands(forInputs inputs: [BandCount]) throws(BandCountMismatch) -> BandCount {
        func path(ofStep step: Int) -> [ConfigPath.Component] {
            [.key("nodes"), .index(steps[step].node), .key("op")]
        }
        var stepBands = [BandCount]()
        func bands(_ source: Source) -> BandCount {
            switch source {
            case .input(let index): index < inputs.count ? inputs[index] : .unknown
            case .node(let step): stepBands[step]
            }
        }
        for (index, step) in steps.enumerated() {
            let feeds = step.sources.map { source -> BandCountMismatch.Feed in
                switch source {
                case .input(let input): .pipelineInput(input)
                case .node(let from): .step(path: path(ofStep: from), operatorName: steps[from].op.registryName)
                }
            }
            do {
                stepBands.append(try step.op.outputBands(forInputs: step.sources.map(bands)))
            } catch {
                throw error.nested(under: path(ofStep: index), inputs: feeds)
            }
        }
        guard outputSources.count == 1 else { return .unknown }
        return bands(outputSources[0].source)
    }

    /// Runs the graph on tensors bound by input name, giving every output by name.
    public func run(_ inputs: [String: GeoTensor]) throws -> [String: GeoTensor] {
        for name in inputNames where inputs[name] == nil { throw GraphError.missingInput(name) }
        for name in inputs.keys.sorted() where !inputNames.contains(name) { throw GraphError.extraInput(name) }
        let results = try evaluate(inputNames.map { inputs[$0]! })
        return Dictionary(uniqueKeysWithValues: zip(outputSources.map(\.name), results))
    }

    /// Runs a single-output graph on tensors given in the order the inputs were declared.
    public func apply(inputs: [GeoTensor]) throws -> GeoTensor {
        guard inputs.count == inputNames.count else {
            throw OperatorError.arity(Self.registryName, arity, inputs.count)
        }
        guard outputSources.count == 1 else { throw GraphError.outputCount(outputSources.count) }
        return try evaluate(inputs)[0]
    }

    /// The outputs, in sorted output-name order.
    private func evaluate(_ inputs: [GeoTensor]) throws -> [GeoTensor] {
        var values = [GeoTensor?](repeating: nil, count: steps.count)
        var remaining = uses
        func value(_ source: Source) -> GeoTensor {
            switch source {
            case .input(let index): return inputs[index]
            case .node(let step): return values[step]!
            }
        }
        func release(_ source: Source) {
            guard case .node(let step) = source else { return }
            remaining[step] -= 1
            if remaining[step] == 0 { values[step] = nil }
        }
        // A render over its budget stops between nodes even when no node checks inside.
        let deadline = RenderDeadline.current
        for (index, step) in steps.enumerated() {
            try deadline?.check()
            values[index] = try step.op.apply(inputs: step.sources.map(value))
            step.sources.forEach(release)
        }
        return outputSources.map { output in
            let result = value(output.source)
            release(output.source)
            return result
        }
    }

    /// A topological order of `nodes` (indices), stable with respect to declaration order.
    private static func topologicalOrder(_ nodes: [Node], declared: [String: Int]) throws(GraphError) -> [Int] {
        let dependencies = nodes.map { node in Set(node.inputs.compactMap { declared[$0] }) }
        var placed = [Bool](repeating: false, count: nodes.count)
        var order = [Int]()
        // Repeatedly take the first declared node whose dependencies are all placed.
        while let next = (0..<nodes.count).first(where: { index in
            !placed[index] && dependencies[index].allSatisfy { placed[$0] }
        }) {
            placed[next] = true
            order.append(next)
        }
        guard order.count < nodes.count else { return order }
        throw .cycle(findCycle(nodes, declared: declared, among: Set(0..<nodes.count).subtracting(order)))
    }

    /// The names along one cycle among `candidates`, first name repeated at the end.
    private static func findCycle(_ nodes: [Node], declared: [String: Int], among candidates: Set<Int>) -> [String] {
        var current = candidates.min()!
        var seen = [Int]()
        while !seen.contains(current) {
            seen.append(current)
            current = nodes[current].inputs.compactMap { declared[$0] }.first { candidates.contains($0) }!
        }
        // `seen` follows inputs, against the data flow: reverse it, then start at the earliest declared node.
        var loop = Array(seen[seen.firstIndex(of: current)!...].reversed())
        let start = loop.firstIndex(of: loop.min()!)!
        loop = Array(loop[start...] + loop[..<start])
        return (loop + [loop[0]]).map { nodes[$0].name }
    }
}
