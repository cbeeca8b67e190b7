import Foundation

/// What GDAL may reach when it opens a layer's raster: files inside one directory (whatever
/// names them: the layer file, a VRT, a VRT inside a VRT, a sidecar), read by a few drivers, and
/// no network unless virtual file systems are allowed.
public struct SourceConfinement: Sendable, Hashable {
    /// The canonical directory every file must resolve into.
    public let root: String
    /// Whether GDAL virtual file systems (`/vsicurl/` and friends) and connection strings may be
    /// named; when they are, the network is open to GDAL and such names are not followed further.
    public let allowsVirtualFileSystems: Bool
    /// The GDAL drivers (short names) that may read a raster, at the top or referenced by a VRT.
    public let drivers: [String]

    /// Formats that name no other files of their own (besides the same-directory sidecars, which
    /// are checked too), plus VRT, whose references are checked one by one.
    public static let defaultDrivers = ["GTiff", "VRT", "PNG", "JPEG", "JP2OpenJPEG"]

    /// How deep VRTs may reference VRTs: a bound against a VRT that references itself.
    static let maximumNesting = 8

    /// Confinement to `root`, which must be canonical (symbolic links resolved).
    public init(root: String, allowsVirtualFileSystems: Bool = false, drivers: [String] = Self.defaultDrivers) {
        self.root = root
        self.allowsVirtualFileSystems = allowsVirtualFileSystems
        self.drivers = drivers
    }

    /// The same confinement with only `drivers` (those of them already allowed); nil keeps all.
    public func narrowed(to drivers: [String]?) -> SourceConfinement {
        guard let drivers else { return self }
        return SourceConfinement(
            root: root, allowsVirtualFileSystems: allowsVirtualFileSystems,
            drivers: self.drivers.filter(drivers.contains))
    }

    /// Whether GDAL would read `name` through a virtual file system or a driver's connection
    /// string rather than as a plain file: `/vsi…/` prefixes, `vrt://`, `GTIFF_DIR:…`, `http://`
    /// and the like all carry a colon or the prefix.
    static func isVirtual(_ name: String) -> Bool {
        name.hasPrefix("/vsi") || name.contains(":")
    }

    /// Whether the canonical `path` lies inside the root.
    func contains(canonical path: String) -> Bool {
        path.hasPrefix(root + "/")
    }

    /// `path` as the operator knows it: relative to the root when inside it.
    func display(_ path: String) -> String {
        guard let canonical = canonicalPath(path), contains(canonical: canonical) else { return path }
        return String(canonical.dropFirst(root.count + 1))
    }
}

/// The path with every symbolic link resolved, or nil when it does not exist.
func canonicalPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
}
