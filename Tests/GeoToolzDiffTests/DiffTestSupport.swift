import Foundation
import GeoToolz
import GeoToolzIO
import TestSupport
import Testing

/// Layers written to temporary files and loaded as `geotoolz diff` loads them.
enum TestLayers {
    /// Loads `yaml` from a new file named `name`.yaml, reading rasters under `data`.
    static func load(_ name: String, _ yaml: String, data: String = PackagePaths.data) throws -> Layer {
        let file = try temporaryDirectory("diff-layer") + "/\(name).yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try LayerCatalog.loadLayer(file: file, dataDirectory: DataDirectory(data))
    }

    /// The SRTM elevation through `operators` (YAML flow mappings), read with `resampling`.
    static func elevation(_ name: String, operators: [String], resampling: String = "bilinear") -> String {
        """
        name: \(name)
        source: srtm90.tif
        bands: [1]
        resampling: \(resampling)
        minzoom: 6
        maxzoom: 14
        pipeline:
          _target_: Sequential
          operators:
        \(operators.map { "    - " + $0 }.joined(separator: "\n"))
        """
    }
}

/// `scripts/diff-reference.py`: the metrics computed without GeoToolz (GDAL's warp, numpy).
enum DiffReference {
    /// One tile's metrics as the script computed them.
    struct Tile {
        let entries: [String: Any]

        func number(_ key: String) -> Double { (entries[key] as? NSNumber)?.doubleValue ?? .nan }

        /// The confusion matrix cells: (old, new) → pixels, nil for nodata.
        var confusion: [String: Int] {
            var cells = [String: Int]()
            for cell in entries["confusion"] as? [[Any]] ?? [] {
                let label = { (value: Any) -> String in
                    (value as? NSNumber).map { String(describing: Float(truncating: $0)) } ?? "nodata"
                }
                cells["\(label(cell[0]))→\(label(cell[1]))"] = (cell[2] as? NSNumber)?.intValue ?? -1
            }
            return cells
        }
    }

    /// Debian's python3, with numpy and GDAL's bindings.
    static let python = "/usr/bin/python3"

    /// Runs the script on `spec`; gives the tiles' metrics (in the order asked) and the percentiles.
    static func run(_ spec: [String: Any]) throws -> (tiles: [Tile], percentiles: [String: [String: Double]]) {
        let text = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let result = try runToCompletion(
            python, [PackagePaths.root.appendingPathComponent("scripts/diff-reference.py").path, text])
        try #require(result.status == 0, "diff-reference.py failed: \(result.standardError)")
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let tiles = (document["tiles"] as? [[String: Any]] ?? []).map(Tile.init)
        let percentiles = (document["percentiles"] as? [String: [String: Double]]) ?? [:]
        return (tiles, percentiles)
    }

    /// A version of a layer as the script takes it.
    static func version(
        source: String, bands: [Int], resampling: String, expressions: [String] = []
    ) -> [String: Any] {
        [
            "source": PackagePaths.data + "/" + source, "bands": bands, "resampling": resampling,
            "expressions": expressions,
        ]
    }
}

/// Whether `a` and `b` agree within `absolute` or `relative` (of the larger).
func close(_ a: Double, _ b: Double, absolute: Double = 1e-9, relative: Double = 1e-5) -> Bool {
    abs(a - b) <= max(absolute, relative * max(abs(a), abs(b)))
}
