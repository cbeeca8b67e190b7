import GeoToolzSeed

/// The text of a dry run: a line per layer and zoom with its tile count and the columns and rows
/// it spans, a `total N tiles` line, and the plan's fingerprint.
struct PlanSummary {
    let lines: [String]

    init(_ plan: TilePlan, shard: Shard) {
        var lines = [String]()
        let width = max(5, plan.layers.map(\.name.count).max() ?? 0)
        // Polygons give several rectangles per layer and zoom: one line sums them.
        var groups = [
            (layer: Int, zoom: Int, tiles: Int, columns: ClosedRange<Int>, rows: ClosedRange<Int>, parts: Int)
        ]()
        for (block, tiles) in plan.counts(in: shard) {
            if let last = groups.last, last.layer == block.layer, last.zoom == block.zoom {
                groups[groups.count - 1] = (
                    last.layer, last.zoom, last.tiles + tiles,
                    min(
                        last.columns.lowerBound, block.columns.lowerBound)...max(
                            last.columns.upperBound, block.columns.upperBound),
                    min(last.rows.lowerBound, block.rows.lowerBound)...max(last.rows.upperBound, block.rows.upperBound),
                    last.parts + 1
                )
            } else {
                groups.append((block.layer, block.zoom, tiles, block.columns, block.rows, 1))
            }
        }
        for group in groups {
            let name = plan.layers[group.layer].name
            let parts = group.parts > 1 ? ", \(group.parts) rectangles" : ""
            lines.append(
                name.padding(toLength: width, withPad: " ", startingAt: 0) + "  "
                    + "z\(group.zoom)".padding(toLength: 3, withPad: " ", startingAt: 0) + " "
                    + Self.pad(group.tiles, 10) + (group.tiles == 1 ? " tile " : " tiles")
                    + "  (x \(group.columns.lowerBound)–\(group.columns.upperBound), "
                    + "y \(group.rows.lowerBound)–\(group.rows.upperBound)\(parts))")
        }
        var total =
            "total".padding(toLength: width, withPad: " ", startingAt: 0) + "       "
            + Self.pad(shard.members(below: plan.count), 10) + " tiles"
        if shard.count > 1 { total += "  (shard \(shard) of \(plan.count))" }
        lines.append(total)
        lines.append("plan \(plan.fingerprint) (\(plan.grid.identifier))")
        self.lines = lines
    }

    private static func pad(_ number: Int, _ width: Int) -> String {
        let text = String(number)
        return String(repeating: " ", count: max(0, width - text.count)) + text
    }
}
