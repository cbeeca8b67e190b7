import GeoToolz
import GeoToolzIO

/// The structural difference of two configs: every change by canonical path, sorted by path.
///
/// Mappings are compared key by key; lists of plain values (bands, a colour) as one value; lists of
/// operators or named Graph nodes element by element as `ListMatching` pairs them, so reordering
/// shows as moves; other lists position by position.
public struct ConfigDiff: Sendable, Hashable {
    /// The changes, in path order (see `ConfigPath.precedes`).
    public let changes: [ConfigChange]

    /// The differences from `old` to `new`, with paths starting at `root`.
    public init(old: ConfigValue, new: ConfigValue, root: ConfigPath = ConfigPath(root: "")) {
        var changes = [ConfigChange]()
        Self.compare(old, new, at: root, into: &changes)
        self.changes = changes.sorted { a, b in
            if a.path != b.path { return ConfigPath.precedes(a.path, b.path) }
            return (a.kind.rawValue, a.to ?? 0) < (b.kind.rawValue, b.to ?? 0)
        }
    }

    /// The differences between two layers as they describe themselves (`Layer.config`): sources,
    /// pipeline, zooms, names. The statistics a pipeline took from the data are left out: they
    /// follow from the sources and pipeline, whose changes are listed.
    public init(old: Layer, new: Layer) {
        func described(_ layer: Layer) -> ConfigValue {
            var entries = layer.config.objectValue ?? [:]
            entries["calibratedPipeline"] = nil
            return .object(entries)
        }
        self.init(old: described(old), new: described(new))
    }

    /// Whether any change is in what decides the pixels (sources, pipeline).
    public var decidesPixels: Bool { changes.contains(where: \.decidesPixels) }

    private static func compare(
        _ old: ConfigValue, _ new: ConfigValue, at path: ConfigPath, into changes: inout [ConfigChange]
    ) {
        guard old != new else { return }
        switch (old, new) {
        case (.object(let before), .object(let after)):
            for key in Set(before.keys).union(after.keys).sorted() {
                switch (before[key], after[key]) {
                case (let a?, let b?): compare(a, b, at: path.appending(key), into: &changes)
                case (let a?, nil): changes.append(ConfigChange(.removed, at: path.appending(key), old: a))
                case (nil, let b?): changes.append(ConfigChange(.added, at: path.appending(key), new: b))
                case (nil, nil): break
                }
            }
        case (.array(let before), .array(let after)) where !(isPlain(before) && isPlain(after)):
            if let matching = ListMatching(old: before, new: after) {
                compareMatched(before, after, matching, at: path, into: &changes)
            } else {
                for index in 0..<max(before.count, after.count) {
                    if index >= after.count {
                        changes.append(ConfigChange(.removed, at: path.appending(index), old: before[index]))
                    } else if index >= before.count {
                        changes.append(ConfigChange(.added, at: path.appending(index), new: after[index]))
                    } else {
                        compare(before[index], after[index], at: path.appending(index), into: &changes)
                    }
                }
            }
        default:
            changes.append(ConfigChange(.changed, at: path, old: old, new: new))
        }
    }

    /// Lists of operators or nodes: a pair's changes sit at its new position, a removed element at
    /// its old one.
    private static func compareMatched(
        _ before: [ConfigValue], _ after: [ConfigValue], _ matching: ListMatching, at path: ConfigPath,
        into changes: inout [ConfigChange]
    ) {
        for pair in matching.pairs {
            compare(before[pair.old], after[pair.new], at: path.appending(pair.new), into: &changes)
        }
        for pair in matching.moved {
            changes.append(ConfigChange(.moved, at: path, new: after[pair.new], from: pair.old, to: pair.new))
        }
        for index in matching.removed {
            changes.append(ConfigChange(.removed, at: path.appending(index), old: before[index]))
        }
        for index in matching.added {
            changes.append(ConfigChange(.added, at: path.appending(index), new: after[index]))
        }
    }

    /// Whether a list holds plain values only (numbers, strings): compared as one value.
    private static func isPlain(_ elements: [ConfigValue]) -> Bool {
        elements.allSatisfy {
            switch $0 {
            case .array, .object: false
            default: true
            }
        }
    }
}
