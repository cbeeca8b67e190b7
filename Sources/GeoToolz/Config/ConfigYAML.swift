import Yams

/// Writes a config as YAML that reads back to the same value: `_target_` first, other keys
/// sorted, lists of plain values inline, and strings quoted whenever plain text would read as
/// something else (`"true"`, `"12"`, `""`).
public enum ConfigYAML {
    /// The YAML text of `value`.
    public static func string(_ value: ConfigValue) -> String {
        // Serialising a tree of plain nodes cannot fail; an empty result would only hide a bug.
        (try? Yams.serialize(node: node(value), indent: 2, width: -1, allowUnicode: true)) ?? ""
    }

    private static func node(_ value: ConfigValue) -> Node {
        switch value {
        case .null: return Node("null", Tag(.null), .plain)
        case .bool(let flag): return Node(flag ? "true" : "false", Tag(.bool), .plain)
        case .number(let number): return Node(CanonicalJSON.format(number), Tag(.float), .plain)
        case .string(let text):
            return Node(text, Tag(.str), PlainScalar.readsBackAsString(text) ? .any : .doubleQuoted)
        case .array(let elements):
            let scalarsOnly = elements.allSatisfy { element in
                switch element {
                case .array, .object: false
                default: true
                }
            }
            return Node(elements.map(node), Tag(.seq), scalarsOnly ? .flow : .block)
        case .object(let entries):
            let sorted = CanonicalJSON.sortedKeys(entries)
            let keys = sorted.filter { $0 == ConfigKeys.target } + sorted.filter { $0 != ConfigKeys.target }
            return Node(keys.map { (Node($0, Tag(.str), .any), node(entries[$0]!)) }, Tag(.map), .block)
        }
    }
}
