import GeoToolz

/// How the elements of two lists of operators (`_target_` mappings) or of named nodes correspond:
/// which old element became which new one, which were removed or added, and which moved.
///
/// Elements pair first when equal, then by identity (a node's `name`, else an operator's
/// `_target_`), each in list order. The pairs whose order the lists keep — the longest run whose
/// new positions increase with the old — stay in place; the others moved. So a list turned round
/// by one element reports one move, not a change at every position.
struct ListMatching {
    /// Old and new positions of each element found in both lists, by old position.
    let pairs: [(old: Int, new: Int)]
    /// Positions in the old list with no counterpart.
    let removed: [Int]
    /// Positions in the new list with no counterpart.
    let added: [Int]
    /// The pairs that moved relative to the others.
    let moved: [(old: Int, new: Int)]

    /// Nil when the lists do not hold identifiable elements (operators, named nodes): they are
    /// compared position by position instead.
    init?(old: [ConfigValue], new: [ConfigValue]) {
        guard let identity = Self.identity(of: old + new) else { return nil }
        var oldUsed = [Bool](repeating: false, count: old.count)
        var newPartner = [Int?](repeating: nil, count: new.count)
        let rules: [(ConfigValue, ConfigValue) -> Bool] = [(==), { identity($0) == identity($1) }]
        for rule in rules {
            for (newIndex, element) in new.enumerated() where newPartner[newIndex] == nil {
                guard let oldIndex = old.indices.first(where: { !oldUsed[$0] && rule(old[$0], element) }) else {
                    continue
                }
                oldUsed[oldIndex] = true
                newPartner[newIndex] = oldIndex
            }
        }
        let pairs = newPartner.enumerated().compactMap { newIndex, oldIndex in
            oldIndex.map { (old: $0, new: newIndex) }
        }.sorted { $0.old < $1.old }
        let kept = Set(Self.longestIncreasingRun(pairs.map(\.new)))
        self.pairs = pairs
        self.removed = old.indices.filter { !oldUsed[$0] }
        self.added = new.indices.filter { newPartner[$0] == nil }
        self.moved = pairs.filter { !kept.contains($0.new) }
    }

    /// What identifies an element, when every element has it: a `name`, else a `_target_`.
    private static func identity(of elements: [ConfigValue]) -> ((ConfigValue) -> String)? {
        guard !elements.isEmpty else { return nil }
        for key in ["name", "_target_"] where elements.allSatisfy({ $0[key]?.stringValue != nil }) {
            return { $0[key]?.stringValue ?? "" }
        }
        return nil
    }

    /// The values of a longest strictly increasing subsequence of `values`.
    private static func longestIncreasingRun(_ values: [Int]) -> [Int] {
        guard !values.isEmpty else { return [] }
        // Lists of operators are short (the loader bounds them): the quadratic form is plenty.
        var length = [Int](repeating: 1, count: values.count)
        var previous = [Int?](repeating: nil, count: values.count)
        for i in values.indices {
            for j in 0..<i where values[j] < values[i] && length[j] + 1 > length[i] {
                length[i] = length[j] + 1
                previous[i] = j
            }
        }
        var index: Int? = length.indices.max { length[$0] < length[$1] }
        var run = [Int]()
        while let current = index {
            run.append(values[current])
            index = previous[current]
        }
        return run.reversed()
    }
}
