import Foundation
import GeoToolz

extension DiffReport {
    /// The report as Markdown tables, for a CI comment.
    public var markdown: String {
        var lines = ["# geotoolz diff: \(oldName) → \(newName)", ""]
        let verdict = differingTiles > 0 ? "**differs**" : "**no difference**"
        lines.append(
            "\(verdict): \(differingTiles) of \(tiles.count) compared tiles (of \(planTiles) in the plan) differ "
                + "beyond tolerance \(Self.number(tolerance))"
                + (encodingsDiffer ? "; the final colormaps differ, so colour changes count" : "") + ".")
        lines += ["", "## Config", ""]
        if config.changes.isEmpty {
            lines.append("No config changes.")
        } else {
            lines += ["| path | change | old | new |", "| --- | --- | --- | --- |"]
            for change in config.changes {
                let (old, new): (String, String) =
                    change.kind == .moved
                    ? ("[\(change.from ?? 0)]", "[\(change.to ?? 0)]")
                    : (change.old.map(Self.code) ?? "", change.new.map(Self.code) ?? "")
                let what =
                    change.kind == .moved ? "moved \(change.new?["_target_"]?.stringValue ?? "")" : "\(change.kind)"
                lines.append("| `\(change.path)` | \(what) | \(old) | \(new) |")
            }
            lines.append("")
            lines.append(
                configDecidesPixels
                    ? "The configs differ in what decides pixels." : "The configs decide the same pixels.")
        }
        lines += [
            "", "## Metrics over tiles", "", "| metric | p50 | p90 | p99 | max |",
            "| --- | ---: | ---: | ---: | ---: |",
        ]
        for distribution in distributions {
            let cells = [distribution.p50, distribution.p90, distribution.p99, distribution.max].map(Self.number)
            lines.append("| \(distribution.metric) | " + cells.joined(separator: " | ") + " |")
        }
        lines += ["", "### Changed fraction", "", "| changed | tiles |", "| --- | ---: |"]
        for bin in histogram.bins { lines.append("| \(bin.label) | \(bin.tiles) |") }
        lines += ["", "## Worst tiles", ""]
        if worst.isEmpty {
            lines.append("No tile changed.")
        } else {
            lines += [
                "| tile | changed | MAE | RMSE | max abs | valid → nodata | nodata → valid | colours changed | URL |",
                "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
            ]
            for entry in worst {
                let tile = entry.comparison
                let values = tile.values
                lines.append(
                    "| \(tile.path) | \(Self.percent(tile.changedFraction)) | "
                        + "\(Self.number(values.meanAbsoluteDifference)) | \(Self.number(values.rootMeanSquareDifference)) | "
                        + "\(Self.number(values.maxAbsoluteDifference)) | \(values.becameNodata) | \(values.becameValid) | "
                        + "\(Self.percent(tile.renderedChangedFraction)) | \(entry.url) |")
            }
        }
        if let classes {
            lines += ["", "## Classes (rows old, columns new)", ""]
            let labels = classes.labels
            lines.append("| old \\ new | " + labels.map(\.description).joined(separator: " | ") + " |")
            lines.append("| --- |" + String(repeating: " ---: |", count: labels.count))
            for old in labels {
                lines.append(
                    "| \(old) | " + labels.map { String(classes[old, $0]) }.joined(separator: " | ") + " |")
            }
            lines += ["", "\(Self.percent(classes.changedFraction)) of pixels changed class."]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A config value as inline code, `|` escaped for tables.
    private static func code(_ value: ConfigValue) -> String {
        "`" + value.description.replacingOccurrences(of: "|", with: "\\|") + "`"
    }

    static func number(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.6g", value)
    }

    private static func percent(_ fraction: Double) -> String {
        String(format: "%.2f%%", fraction * 100)
    }
}
