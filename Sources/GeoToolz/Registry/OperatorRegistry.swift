/// The operators a config may name. Nothing else can be built from a config.
public struct OperatorRegistry: Sendable {
    private var types: [String: any RegisteredOperator.Type] = [:]

    /// An empty registry.
    public init() {}

    /// A registry holding `types`.
    public init(_ types: [any RegisteredOperator.Type]) {
        for type in types { register(type) }
    }

    /// The algebra's own operators: `Identity`, `Sequential`, `Graph`, `Stack`.
    public static let core = OperatorRegistry([Identity.self, Sequential.self, Graph.self, Stack.self])

    /// Adds `type` under its registry name; a name can be registered once.
    public mutating func register(_ type: any RegisteredOperator.Type) {
        precondition(types[type.registryName] == nil, "operator '\(type.registryName)' is registered twice")
        precondition(
            PipelineBuilder.codeOnly[type.registryName] == nil,
            "'\(type.registryName)' runs code and cannot be registered")
        types[type.registryName] = type
    }

    /// The registry with `other`'s operators added.
    public func merging(_ other: OperatorRegistry) -> OperatorRegistry {
        var merged = self
        for type in other.types.values { merged.register(type) }
        return merged
    }

    /// The operator type registered as `name`.
    public func type(named name: String) -> (any RegisteredOperator.Type)? { types[name] }

    /// Every registered name, sorted.
    public var names: [String] { types.keys.sorted() }

    /// Every registered type, sorted by name.
    public var allTypes: [any RegisteredOperator.Type] { names.map { types[$0]! } }
}
