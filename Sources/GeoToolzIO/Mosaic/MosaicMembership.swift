import Foundation

/// One file of a mosaic: the name it was found under (relative to the data directory, the
/// order files composite in) and its canonical path.
public struct MosaicMember: Sendable, Hashable {
    public let name: String
    public let path: String
}

/// Finds the files a source names: a file, a directory (every raster below it), a glob, or a
/// list of these. Every file passes through `DataDirectory.resolve`, so a pattern, a directory
/// walk or a symbolic link never reaches outside the data directory, and directories reached
/// through symbolic links must lie inside it too.
///
/// Membership is taken when a layer loads: files added or removed later are seen on the next
/// load (SIGHUP, or a change to a member file).
public struct MosaicMembership: Sendable {
    /// File extensions taken as rasters in directories and globs: those of the drivers layers
    /// may use. Sidecars (`.ovr`, `.aux.xml`, `.msk`) are never members.
    public static let rasterExtensions: Set<String> = ["tif", "tiff", "vrt", "png", "jpg", "jpeg", "jp2"]
    /// The most files one source may name: a bound on load time and memory.
    public static let maxMembers = 200_000

    private let dataDirectory: DataDirectory

    public init(dataDirectory: DataDirectory) {
        self.dataDirectory = dataDirectory
    }

    /// Whether `paths` name a mosaic rather than one file: several paths, a pattern, or a directory.
    public func isMosaic(_ paths: [String]) -> Bool {
        guard paths.count == 1 else { return true }
        let path = paths[0]
        if SourceConfinement.isVirtual(path) { return false }
        if GlobPattern.isPattern(path) { return true }
        guard let resolved = try? dataDirectory.resolve(path) else { return false }
        return Self.isDirectory(resolved)
    }

    /// The files `paths` name, each once, sorted by name (byte order); `excluding` (canonical
    /// paths, e.g. the mosaic's overview) are left out.
    public func members(of paths: [String], excluding: Set<String> = []) throws(DataPathError) -> [MosaicMember] {
        try survey(paths, excluding: excluding).members
    }

    /// The files `paths` name (as `members(of:excluding:)`), and the directories whose listing
    /// decided them: a file added to or removed from one of these changes the directory's stamp.
    public func survey(_ paths: [String], excluding: Set<String> = []) throws(DataPathError)
        -> (members: [MosaicMember], directories: [MosaicMember])
    {
        var found = [String: MosaicMember]()
        var directories = [String: MosaicMember]()
        for path in paths {
            let (files, listed) = try expand(path)
            for directory in listed where directories[directory.path] == nil { directories[directory.path] = directory }
            for member in files where !excluding.contains(member.path) {
                // The same file reached under two names composites once, under the first name.
                if let other = found[member.path], !Self.precedes(member.name, other.name) { continue }
                found[member.path] = member
                guard found.count <= Self.maxMembers else {
                    throw DataPathError("the source names more than \(Self.maxMembers) files")
                }
            }
        }
        guard !found.isEmpty else {
            throw DataPathError(
                "\(paths.map { "'\($0)'" }.joined(separator: ", ")) names no raster in the data directory")
        }
        let sorted = found.values.sorted { Self.precedes($0.name, $1.name) }
        return (sorted, directories.values.sorted { Self.precedes($0.name, $1.name) })
    }

    /// The files of one path: itself, the rasters below a directory, or the matches of a pattern.
    private func expand(_ path: String) throws(DataPathError) -> (files: [MosaicMember], directories: [MosaicMember]) {
        if SourceConfinement.isVirtual(path) || !GlobPattern.isPattern(path) {
            let resolved = try dataDirectory.resolve(path)
            guard Self.isDirectory(resolved) else { return ([MosaicMember(name: path, path: resolved)], []) }
            return try expand(GlobPattern(path + "/**/*"))
        }
        guard !path.hasPrefix("/") else {
            throw DataPathError("'\(path)' is absolute; give a pattern relative to the data directory")
        }
        guard !path.split(separator: "/").contains("..") else {
            throw DataPathError("'\(path)' climbs out with '..'; give a pattern inside the data directory")
        }
        return try expand(GlobPattern(path))
    }

    private func expand(_ pattern: GlobPattern) throws(DataPathError)
        -> (files: [MosaicMember], directories: [MosaicMember])
    {
        let prefix = pattern.literalPrefix
        let base = prefix.joined(separator: "/")
        let start = base.isEmpty ? dataDirectory.root : try dataDirectory.resolve(base)
        guard Self.isDirectory(start) else { return ([], []) }
        var walk = Walk(pattern: pattern, dataDirectory: dataDirectory)
        try walk.visit(directory: start, name: base, segment: prefix.count)
        return (walk.found, walk.listed)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}

/// One walk of the directory tree under a pattern's literal prefix.
private struct Walk {
    let pattern: GlobPattern
    let dataDirectory: DataDirectory
    var found = [MosaicMember]()
    /// The directories listed, by the name they were reached under (`.` for the data directory).
    var listed = [MosaicMember]()
    private var listedPaths = Set<String>()
    /// Canonical directories entered for each pattern position: a bound against symbolic-link loops.
    private var entered = Set<String>()

    init(pattern: GlobPattern, dataDirectory: DataDirectory) {
        self.pattern = pattern
        self.dataDirectory = dataDirectory
    }

    /// Matches the entries of `directory` (canonical; `name` relative) against the pattern from `segment`.
    mutating func visit(directory: String, name: String, segment: Int) throws(DataPathError) {
        guard segment < pattern.segments.count else { return }
        guard entered.insert("\(segment) \(directory)").inserted else { return }
        if found.count > MosaicMembership.maxMembers {
            throw DataPathError("the source names more than \(MosaicMembership.maxMembers) files")
        }
        if listedPaths.insert(directory).inserted {
            listed.append(MosaicMember(name: name.isEmpty ? "." : name, path: directory))
        }
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        let isLast = segment == pattern.segments.count - 1
        if pattern.segments[segment] == "**" {
            // `**` matches no directory here, or any visible directory below.
            if isLast { return }
            try visit(directory: directory, name: name, segment: segment + 1)
            for entry in entries where !entry.hasPrefix(".") {
                let relative = name.isEmpty ? entry : name + "/" + entry
                if let child = try subdirectory(relative) {
                    try visit(directory: child, name: relative, segment: segment)
                }
            }
            return
        }
        for entry in entries where pattern.segment(segment, matches: entry) {
            let relative = name.isEmpty ? entry : name + "/" + entry
            if isLast {
                let fileExtension = (entry as NSString).pathExtension.lowercased()
                guard MosaicMembership.rasterExtensions.contains(fileExtension) else { continue }
                let resolved = try dataDirectory.resolve(relative)
                if !MosaicMembership.isDirectory(resolved) {
                    found.append(MosaicMember(name: relative, path: resolved))
                }
            } else if let child = try subdirectory(relative) {
                try visit(directory: child, name: relative, segment: segment + 1)
            }
        }
    }

    /// The canonical directory at `relative`, confined like any file; nil when it is not a directory.
    private func subdirectory(_ relative: String) throws(DataPathError) -> String? {
        // Checked before resolving: a file elsewhere that no segment matches is none of the walk's business.
        guard MosaicMembership.isDirectory(dataDirectory.root + "/" + relative) else { return nil }
        return try dataDirectory.resolve(relative)
    }
}
