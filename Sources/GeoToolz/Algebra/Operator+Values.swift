extension Operator {
    /// The pipeline without its final `Colormap`: what it computes before values become colours,
    /// for queries that want numbers (a point's value, statistics, a GeoTIFF). The colormap is
    /// found where a layer's would be: the operator itself, the last of a `Sequential`, or the
    /// operator of a one-output `Graph`'s output node, at any depth. nil when the pipeline does
    /// not end in one: its output is already its values.
    public var beforeFinalColormap: (any Operator)? {
        if self is Colormap { return Identity() }
        if let sequential = self as? Sequential {
            guard let last = sequential.operators.last, let inner = last.beforeFinalColormap else { return nil }
            let kept = Array(sequential.operators.dropLast()) + (inner is Identity ? [] : [inner])
            switch kept.count {
            case 0: return Identity()
            case 1: return kept[0]
            default: return Sequential(kept)
            }
        }
        if let graph = self as? Graph {
            guard graph.outputs.count == 1, let output = graph.outputs.values.first,
                let index = graph.nodes.firstIndex(where: { $0.name == output }),
                let inner = graph.nodes[index].op.beforeFinalColormap
            else { return nil }
            var nodes = graph.nodes
            nodes[index] = Graph.Node(name: output, op: inner, inputs: nodes[index].inputs)
            // The same names and edges as a graph that was valid: rebuilding cannot fail.
            return try! Graph(inputs: graph.inputNames, nodes: nodes, outputs: graph.outputs)
        }
        return nil
    }
}
