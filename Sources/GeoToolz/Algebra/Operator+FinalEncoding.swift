extension Operator {
    /// The `ValueEncoding` that ends the pipeline (a colormap, a terrain encoding) and the
    /// pipeline without it: what it computes before values become what a tile shows, for
    /// queries that want numbers (a point's value, statistics, a GeoTIFF) and for encoders that
    /// must keep a terrain encoding's bytes exact. The encoding is found where a layer's would
    /// be: the operator itself, the last of a `Sequential`, or the operator of a one-output
    /// `Graph`'s output node, at any depth. nil when the pipeline does not end in one.
    public var finalEncoding: (encoding: any ValueEncoding, before: any Operator)? {
        if let encoding = self as? any ValueEncoding { return (encoding, Identity()) }
        if let sequential = self as? Sequential {
            guard let last = sequential.operators.last, let inner = last.finalEncoding else { return nil }
            let kept = Array(sequential.operators.dropLast()) + (inner.before is Identity ? [] : [inner.before])
            switch kept.count {
            case 0: return (inner.encoding, Identity())
            case 1: return (inner.encoding, kept[0])
            default: return (inner.encoding, Sequential(kept))
            }
        }
        if let graph = self as? Graph {
            guard graph.outputs.count == 1, let output = graph.outputs.values.first,
                let index = graph.nodes.firstIndex(where: { $0.name == output }),
                let inner = graph.nodes[index].op.finalEncoding
            else { return nil }
            var nodes = graph.nodes
            nodes[index] = Graph.Node(name: output, op: inner.before, inputs: nodes[index].inputs)
            // The same names and edges as a graph that was valid: rebuilding cannot fail.
            return (inner.encoding, try! Graph(inputs: graph.inputNames, nodes: nodes, outputs: graph.outputs))
        }
        return nil
    }

    /// The pipeline without its final `ValueEncoding` (see `finalEncoding`); nil when it does
    /// not end in one: its output is already its values.
    public var beforeFinalEncoding: (any Operator)? { finalEncoding?.before }
}
