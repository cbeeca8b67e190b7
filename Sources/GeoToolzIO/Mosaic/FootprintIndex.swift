/// A static R-tree over rectangles in EPSG:3857, packed by Sort-Tile-Recursive (STR) when it is
/// built: a query for a tile visits O(log n + k) nodes for k hits, whatever n is.
///
/// Why an STR-packed R-tree rather than a grid: a mosaic's footprints differ in size (1° DEM
/// tiles, UTM scenes, a few large files next to many small ones) and, once projected to
/// EPSG:3857, in shape; a grid needs a cell size that fits all of them, while STR packing adapts
/// to any distribution, is built once in O(n log n) and is never edited (layers reload whole).
/// Nodes are stored flat, level by level, so the index is a value with no pointers.
public struct FootprintIndex: Sendable {
    /// One node: its box and the range of its children in the level below (for the leaf level,
    /// `first` is the item's index and `count` is 0).
    struct Node: Sendable {
        var bounds: MercatorBounds
        var first: Int
        var count: Int
    }

    /// Levels from the leaves (one node per item) up to the root level (one node).
    private let levels: [[Node]]
    /// How many items were indexed.
    public let count: Int

    /// Children per node: small enough that a query checks few boxes per node, large enough
    /// that 10,000 files make three levels above the leaves.
    static let fanout = 16

    /// Indexes `boxes`; a query answers positions in this array.
    public init(_ boxes: [MercatorBounds]) {
        count = boxes.count
        var level = boxes.enumerated().map { Node(bounds: $0.element, first: $0.offset, count: 0) }
        var levels = [[Node]]()
        while level.count > 1 {
            level = Self.packed(level)
            levels.append(level)
            level = Self.parents(of: level)
        }
        if !level.isEmpty { levels.append(level) }
        self.levels = levels
    }

    /// The box around every item; nil when the index is empty.
    public var bounds: MercatorBounds? { levels.last?.first?.bounds }

    /// The items whose boxes share area with `area`, in ascending order.
    public func query(_ area: MercatorBounds) -> [Int] {
        var hits = [Int]()
        visit(area) { item in
            hits.append(item)
            return true
        }
        return hits.sorted()
    }

    /// Whether any item's box shares area with `area`; stops at the first.
    public func intersectsAny(_ area: MercatorBounds) -> Bool {
        var found = false
        visit(area) { _ in
            found = true
            return false
        }
        return found
    }

    /// How many items share area with `area`, counting at most `limit` + 1.
    public func count(in area: MercatorBounds, upTo limit: Int) -> Int {
        var counted = 0
        visit(area) { _ in
            counted += 1
            return counted <= limit
        }
        return counted
    }

    /// Calls `body` with each item intersecting `area` until it returns false.
    private func visit(_ area: MercatorBounds, _ body: (Int) -> Bool) {
        guard let top = levels.indices.last else { return }
        var stack = [(level: Int, node: Int)]()
        for node in levels[top].indices { stack.append((top, node)) }
        while let (level, index) = stack.popLast() {
            let node = levels[level][index]
            guard node.bounds.intersects(area) else { continue }
            if level == 0 {
                if !body(node.first) { return }
            } else {
                for child in node.first..<(node.first + node.count) { stack.append((level - 1, child)) }
            }
        }
    }

    /// `nodes` reordered so each run of `fanout` is one parent's children: sorted by centre x
    /// into vertical slices, each slice sorted by centre y.
    private static func packed(_ nodes: [Node]) -> [Node] {
        let parents = (nodes.count + fanout - 1) / fanout
        let slices = Int(Double(parents).squareRoot().rounded(.up))
        let perSlice = slices * fanout
        let byX = nodes.sorted { centreX($0) < centreX($1) }
        var result = [Node]()
        result.reserveCapacity(nodes.count)
        var start = 0
        while start < byX.count {
            let end = min(start + perSlice, byX.count)
            result.append(contentsOf: byX[start..<end].sorted { centreY($0) < centreY($1) })
            start = end
        }
        return result
    }

    /// One node per run of `fanout` packed nodes, boxing them.
    private static func parents(of nodes: [Node]) -> [Node] {
        stride(from: 0, to: nodes.count, by: fanout).map { first in
            let children = nodes[first..<min(first + fanout, nodes.count)]
            let box = children.dropFirst().reduce(children.first!.bounds) { $0.union($1.bounds) }
            return Node(bounds: box, first: first, count: children.count)
        }
    }

    private static func centreX(_ node: Node) -> Double { (node.bounds.minX + node.bounds.maxX) / 2 }
    private static func centreY(_ node: Node) -> Double { (node.bounds.minY + node.bounds.maxY) / 2 }
}
