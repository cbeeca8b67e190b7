import Foundation
import GeoToolzIO

/// Where the package's layers, data and viewer are.
public enum PackagePaths {
    public static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let layers = root.appendingPathComponent("layers").path
    public static let data = root.appendingPathComponent("data").path
    public static let staticFiles = root.appendingPathComponent("static").path
    /// MapLibre GL JS, as `make data` fetches it.
    public static let maplibre = root.appendingPathComponent("vendor/maplibre").path
}

/// The demo layers, loaded once for every test (loading calibrates statistics, which takes time).
public enum DemoLayers {
    public static let catalog = Result { () throws -> LayerCatalog in
        try LayerCatalog(directory: PackagePaths.layers, dataDirectory: DataDirectory(PackagePaths.data))
    }

    public static func all() throws -> [Layer] { try catalog.get().layers }

    /// Layers made from `files` (name → YAML text), written to a temporary layer directory.
    public static func custom(_ files: [String: String], data: String = PackagePaths.data) throws -> [Layer] {
        let directory = try temporaryDirectory("layers")
        for (name, text) in files {
            try text.write(toFile: directory + "/" + name + ".yaml", atomically: true, encoding: .utf8)
        }
        return try LayerCatalog(directory: directory, dataDirectory: DataDirectory(data)).layers
    }
}

/// A new empty temporary directory.
public func temporaryDirectory(_ label: String) throws -> String {
    let path = NSTemporaryDirectory() + "geotoolz-\(label)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// The elevation layer's file, with changes, for layers made in tests.
public func elevationLayer(name: String, extra: String = "", pipeline: String? = nil) -> String {
    """
    name: \(name)
    source: srtm90.tif
    bands: [1]
    resampling: bilinear
    minzoom: 6
    maxzoom: 14
    attribution: test
    \(extra)
    pipeline:
      \(pipeline ?? "{_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}")
    """
}
