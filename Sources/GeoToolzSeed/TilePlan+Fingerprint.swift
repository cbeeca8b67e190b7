import Crypto

extension TilePlan {
    /// 16 hex digits identifying the plan: its grid, its layers (names and identities, so their
    /// pipelines and data) and every rectangle of tiles. Shards of one run print it, so a run
    /// split over machines can be checked to have planned the same tiles everywhere.
    public var fingerprint: String {
        var hash = SHA256()
        func add(_ text: String) { hash.update(data: Array((text + "\n").utf8)) }
        add("grid \(grid.identifier)")
        for layer in layers { add("layer \(layer.name) \(layer.identity)") }
        for block in blocks {
            add(
                "\(block.layer) \(block.zoom) \(block.columns.lowerBound) \(block.columns.upperBound) "
                    + "\(block.rows.lowerBound) \(block.rows.upperBound)")
        }
        return hash.finalize().prefix(8).map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
