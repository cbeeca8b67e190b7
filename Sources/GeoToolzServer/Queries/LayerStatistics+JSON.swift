import GeoToolz
import GeoToolzIO

extension LayerStatistics {
    /// The `/statistics` answer; `area` says how the area was given (`bbox`, `polygon`, `layer`).
    func json(area: String, layer: Layer) -> ConfigValue {
        let window = grid.window
        let transform = window.transform
        var gridEntries: [String: ConfigValue] = [
            "crs": grid.window.crs.epsg.map { .string("EPSG:\($0)") } ?? .null,
            "level": .string(grid.level == .fullResolution ? "full" : "overview"),
            "overview": grid.level.overviewIndex.map { .number(Double($0)) } ?? .null,
            "column": .number(Double(grid.column)), "row": .number(Double(grid.row)),
            "width": .number(Double(window.width)), "height": .number(Double(window.height)),
            "pixelSize": [.number(transform.pixelWidth), .number(-transform.pixelHeight)],
            "bounds": [
                .number(window.bounds.minX), .number(window.bounds.minY), .number(window.bounds.maxX),
                .number(window.bounds.maxY),
            ],
        ]
        gridEntries["pixelsInside"] = .number(Double(pixelsInside))
        let sources = layer.sourceBands
        return [
            "area": .string(area),
            "grid": .object(gridEntries),
            "bands": .array(
                zip(sources, bands).map { source, statistics in
                    var entry = Self.json(statistics).objectValue ?? [:]
                    entry["source"] = source.source.map { .string($0) } ?? .null
                    entry["band"] = source.band > 0 ? .number(Double(source.band)) : .null
                    return .object(entry)
                }),
            "pipeline": .array(
                pipeline.enumerated().map { index, statistics in
                    var entry = Self.json(statistics).objectValue ?? [:]
                    entry["band"] = .number(Double(index + 1))
                    return .object(entry)
                }),
        ]
    }

    private static func json(_ statistics: BandStatistics) -> ConfigValue {
        var entry: [String: ConfigValue] = [
            "pixels": .number(Double(statistics.pixels)), "count": .number(Double(statistics.count)),
            "validFraction": .number(statistics.validFraction),
        ]
        if let summary = statistics.summary {
            entry["min"] = .number(summary.min)
            entry["max"] = .number(summary.max)
            entry["mean"] = .number(summary.mean)
            entry["std"] = .number(summary.std)
            entry["percentiles"] = .array(
                summary.percentiles.map { ["percent": .number($0.percent), "value": .number($0.value)] })
            entry["histogram"] = [
                "edges": .array(summary.histogram.edges.map { .number($0) }),
                "counts": .array(summary.histogram.counts.map { .number(Double($0)) }),
            ]
        } else {
            for key in ["min", "max", "mean", "std", "histogram"] { entry[key] = .null }
            entry["percentiles"] = []
        }
        return .object(entry)
    }
}
