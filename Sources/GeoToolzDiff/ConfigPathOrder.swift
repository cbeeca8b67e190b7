import GeoToolz

extension ConfigPath {
    /// Document order for reports: component by component, keys alphabetically, list positions by
    /// number (`[2]` before `[10]`), a path before the paths below it.
    static func precedes(_ lhs: ConfigPath, _ rhs: ConfigPath) -> Bool {
        for (left, right) in zip(lhs.components, rhs.components) where left != right {
            switch (left, right) {
            case (.key(let a), .key(let b)): return a < b
            case (.index(let a), .index(let b)): return a < b
            // Keys and positions never share a level of one document; any fixed order will do.
            case (.key, .index): return false
            case (.index, .key): return true
            }
        }
        return lhs.components.count < rhs.components.count
    }
}
