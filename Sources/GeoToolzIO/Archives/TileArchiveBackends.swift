import Foundation

/// What each format's writer does behind `TileArchiveWriter`.
protocol ArchiveBackendWriter: AnyObject, Sendable {
    func contains(_ tile: TileID) -> Bool
    var tileCount: Int { get }
    func write(_ tile: TileID, _ bytes: UnsafeRawBufferPointer) throws(TileArchiveError)
    func finish(_ metadata: TileArchiveMetadata) throws(TileArchiveError)
    func suspend() throws(TileArchiveError)
    func discard()
}

/// What each format's reader does behind `TileArchiveReader`.
protocol ArchiveBackendReader: AnyObject, Sendable {
    var metadata: TileArchiveMetadata { get }
    func tile(_ tile: TileID) throws(TileArchiveError) -> Data?
    func forEachTile(_ body: (TileID, Data) throws -> Void) throws
}

/// The files an unfinished archive keeps beside its final path.
struct PartialPaths {
    let path: String

    /// The writer's state: the SQLite database (MBTiles) or the spool of tiles (PMTiles).
    var part: String { path + ".part" }
    /// The PMTiles tile data, deduplicated, while `finish` assembles the archive.
    var data: String { path + ".part.data" }
    /// The archive being assembled, renamed to `path` when complete.
    var assembling: String { path + ".part.archive" }

    /// Every file of the partial state, SQLite's companions included.
    var all: [String] { [part, part + "-wal", part + "-shm", part + "-journal", data, assembling] }

    func removeAll() throws(TileArchiveError) {
        for file in all { try ArchivePaths.remove(file) }
    }
}
