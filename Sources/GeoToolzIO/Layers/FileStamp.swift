import Foundation

/// What `stat` says about one of a layer's files: enough to notice, without reading it, that the
/// file was rewritten in place (size, modification time) or replaced (device and inode).
public struct FileStamp: Sendable, Hashable, CustomStringConvertible {
    /// The path as the layer names it, relative to the data directory.
    public let name: String
    /// The path checked.
    public let path: String
    public let device: UInt64
    public let inode: UInt64
    public let size: Int64
    /// Modification time in nanoseconds since the epoch.
    public let modified: Int64
    /// Whether the file could be looked at; a missing file has no other fields.
    public let exists: Bool

    /// The file at `path` now.
    public init(name: String, path: String) {
        self.name = name
        self.path = path
        var info = stat()
        if stat(path, &info) == 0 {
            exists = true
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
            size = Int64(info.st_size)
            modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        } else {
            exists = false
            device = 0
            inode = 0
            size = -1
            modified = 0
        }
    }

    /// The part that goes into a layer's data identity: the name, size and time, not the inode,
    /// so that servers on other machines with the same copy of the data share cached tiles.
    public var identity: String { exists ? "\(name) \(size) \(modified)" : "\(name) missing" }

    public var description: String { exists ? "\(name) (\(size) bytes)" : "\(name) (missing)" }
}
