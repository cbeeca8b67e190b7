/// Why a graph cannot be built or called.
public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A node reads an input the graph does not declare (or a node that does not exist).
    case undeclaredInput(String, node: String)
    /// Nodes feed each other in a loop.
    case cycle([String])
    /// Two inputs or nodes share a name.
    case duplicateName(String)
    /// An output names nothing in the graph.
    case unknownOutput(output: String, source: String)
    /// A node wires the wrong number of inputs to its operator.
    case arity(node: String, operatorName: String, expected: Arity, given: Int)
    /// A call did not bind a declared input.
    case missingInput(String)
    /// A call bound a name the graph does not declare.
    case extraInput(String)
    /// The graph has no outputs, or `apply` was called on one with several.
    case outputCount(Int)

    public var description: String {
        switch self {
        case .undeclaredInput(let name, let node):
            "node '\(node)' reads '\(name)', which is neither a declared input nor a node"
        case .cycle(let names): "the nodes form a cycle: \(names.joined(separator: " → "))"
        case .duplicateName(let name): "the name '\(name)' is used twice"
        case .unknownOutput(let output, let source): "output '\(output)' names '\(source)', which is not in the graph"
        case .arity(let node, let name, let expected, let given):
            "node '\(node)': \(name) takes \(expected), was wired to \(given)"
        case .missingInput(let name): "missing input '\(name)'"
        case .extraInput(let name): "unexpected input '\(name)': the graph does not declare it"
        case .outputCount(let count):
            count == 0 ? "the graph has no outputs" : "the graph has \(count) outputs; use run(_:) to get them by name"
        }
    }
}
