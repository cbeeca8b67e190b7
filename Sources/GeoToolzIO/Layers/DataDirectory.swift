import Foundation

/// The directory layer files name their rasters in. A layer file may only reach files inside
/// it: no absolute paths, no `..`, no symbolic link leading out, and no GDAL virtual file
/// system (`/vsicurl/` and friends) or connection string unless explicitly allowed.
public struct DataDirectory: Sendable, Hashable {
    /// The directory's canonical path (symbolic links resolved).
    public let root: String
    /// Whether sources may be GDAL virtual paths such as `/vsicurl/https://…`.
    public let allowsVirtualFileSystems: Bool

    /// The directory at `path`, which must exist.
    public init(_ path: String, allowVirtualFileSystems: Bool = false) throws(DataPathError) {
        guard let canonical = Self.canonical(path) else {
            throw DataPathError("the data directory \(path) does not exist")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: canonical, isDirectory: &isDirectory), isDirectory.boolValue
        else { throw DataPathError("the data directory \(path) is not a directory") }
        self.root = canonical
        self.allowsVirtualFileSystems = allowVirtualFileSystems
    }

    /// What GDAL may reach when it opens a raster named by a layer: the files of this directory,
    /// whatever names them, and the network only when virtual file systems are allowed.
    public var confinement: SourceConfinement {
        SourceConfinement(root: root, allowsVirtualFileSystems: allowsVirtualFileSystems)
    }

    /// The path GDAL should open for `name`, a path relative to the directory.
    public func resolve(_ name: String) throws(DataPathError) -> String {
        guard !name.isEmpty else { throw DataPathError("the path is empty") }
        if name.hasPrefix("/vsi") || name.contains(":") {
            guard allowsVirtualFileSystems else {
                throw DataPathError(
                    "'\(name)' is a GDAL virtual file system path or connection string; "
                        + "these are refused unless virtual file systems are allowed")
            }
            return name
        }
        guard !name.hasPrefix("/") else {
            throw DataPathError("'\(name)' is absolute; give a path relative to the data directory")
        }
        guard !name.split(separator: "/").contains("..") else {
            throw DataPathError("'\(name)' climbs out with '..'; give a path inside the data directory")
        }
        let joined = root + "/" + name
        guard let canonical = Self.canonical(joined) else {
            throw DataPathError("'\(name)' does not exist in the data directory \(root)")
        }
        guard canonical.hasPrefix(root + "/") else {
            throw DataPathError("'\(name)' leads out of the data directory \(root) through a symbolic link")
        }
        return canonical
    }

    /// The path with every symbolic link resolved, or nil when it does not exist.
    private static func canonical(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// A source path a layer may not use.
public struct DataPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
