import GeoToolz

/// The end of a pipeline config, where rendering parameters change it: the final `Colormap`
/// (the last operator of a `Sequential`, or of a `Graph`'s one output node, at any depth), and
/// the place operators are appended.
///
/// It works on configs, not operators, so the changed pipeline goes through the loader again.
struct PipelineEnd {
    /// The final Colormap's config (with `_target_`).
    let colormap: [String: ConfigValue]
    private let rebuild: ([ConfigValue]) -> ConfigValue

    /// The pipeline with its final Colormap replaced by `operators`.
    func replacing(with operators: [ConfigValue]) -> ConfigValue { rebuild(operators) }

    /// The final Colormap of `config`, nil when the pipeline does not end in one.
    static func finalColormap(in config: ConfigValue) -> PipelineEnd? {
        guard case .object(let entries) = config else { return nil }
        switch entries["_target_"]?.stringValue {
        case "Colormap"?:
            return PipelineEnd(colormap: entries) { operators in
                operators.count == 1 ? operators[0] : ["_target_": "Sequential", "operators": .array(operators)]
            }
        case "Sequential"?:
            guard let operators = entries["operators"]?.arrayValue, let last = operators.last,
                let inner = finalColormap(in: last)
            else { return nil }
            return PipelineEnd(colormap: inner.colormap) { replacement in
                var changed = entries
                changed["operators"] = .array(operators.dropLast() + [inner.replacing(with: replacement)])
                return .object(changed)
            }
        case "Graph"?:
            guard let (index, node) = outputNode(entries), let op = node["op"], let inner = finalColormap(in: op)
            else { return nil }
            return PipelineEnd(colormap: inner.colormap) { replacement in
                withOutputNode(entries, index, node, op: inner.replacing(with: replacement))
            }
        default:
            return nil
        }
    }

    /// `config` followed by `operators`: inside a Graph's output node, so the Graph still binds
    /// the layer's named sources.
    static func appending(_ operators: [ConfigValue], to config: ConfigValue) -> ConfigValue {
        if case .object(let entries) = config {
            switch entries["_target_"]?.stringValue {
            case "Graph"?:
                if let (index, node) = outputNode(entries), let op = node["op"] {
                    return withOutputNode(entries, index, node, op: appending(operators, to: op))
                }
            case "Sequential"?:
                if let existing = entries["operators"]?.arrayValue {
                    var changed = entries
                    changed["operators"] = .array(existing + operators)
                    return .object(changed)
                }
            default: break
            }
        }
        return ["_target_": "Sequential", "operators": .array([config] + operators)]
    }

    /// The node a Graph with one output shows, and its index in `nodes`.
    private static func outputNode(_ graph: [String: ConfigValue]) -> (Int, [String: ConfigValue])? {
        guard case .object(let outputs)? = graph["outputs"], outputs.count == 1,
            let name = outputs.values.first?.stringValue, let nodes = graph["nodes"]?.arrayValue,
            let index = nodes.firstIndex(where: { $0["name"]?.stringValue == name }),
            case .object(let node) = nodes[index]
        else { return nil }
        return (index, node)
    }

    private static func withOutputNode(
        _ graph: [String: ConfigValue], _ index: Int, _ node: [String: ConfigValue], op: ConfigValue
    ) -> ConfigValue {
        var nodes = graph["nodes"]!.arrayValue!
        var changedNode = node
        changedNode["op"] = op
        nodes[index] = .object(changedNode)
        var changed = graph
        changed["nodes"] = .array(nodes)
        return .object(changed)
    }
}
