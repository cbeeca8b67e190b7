import Foundation
import GeoToolzIO

/// The files a layer reads, relative to its data directory: what `Layer.fileStamps` lists
/// (sources, a VRT's sources, sidecars, a mosaic's members) without the directories a mosaic
/// watches.
enum InputInventory {
    /// Each file's path relative to `dataDirectory` and its full path, sorted by relative path.
    static func files(of layer: Layer, in dataDirectory: DataDirectory) throws(ArtifactError) -> [(
        relative: String, path: String
    )] {
        var files = [String: String]()
        for stamp in layer.fileStamps {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: stamp.path, isDirectory: &isDirectory) else {
                throw ArtifactError("the layer reads \(stamp.path), which does not exist")
            }
            if isDirectory.boolValue { continue }
            guard let relative = relativePath(stamp.path, in: dataDirectory) else {
                throw ArtifactError(
                    "the layer reads \(stamp.path), outside the data directory \(dataDirectory.root): "
                        + "an artifact pins files of its data directory only")
            }
            files[relative] = stamp.path
        }
        return files.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// `path` relative to the directory, nil when it lies elsewhere (a virtual file system path).
    static func relativePath(_ path: String, in dataDirectory: DataDirectory) -> String? {
        let canonical = realpath(path, nil).map { pointer in
            defer { free(pointer) }
            return String(cString: pointer)
        }
        let prefix = dataDirectory.root + "/"
        guard let canonical, canonical.hasPrefix(prefix) else { return nil }
        return String(canonical.dropFirst(prefix.count))
    }
}
