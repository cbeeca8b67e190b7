import Crypto
import Foundation

/// Writes MBTiles into an SQLite database at `FILE.part` (write-ahead log, committed every
/// `batchSize` tiles or `batchInterval`), which `finish` completes and renames to `FILE`.
///
/// A killed run loses at most the tiles of the uncommitted batch; SQLite's journal keeps the
/// database itself whole.
final class MBTilesWriter: ArchiveBackendWriter, @unchecked Sendable {
    // Safe to send: every mutable member is touched only under `lock`.
    static let batchSize = 64
    static let batchInterval: Duration = .seconds(1)

    private let path: String
    private let partial: PartialPaths
    private let lock = NSLock()
    private var state: Open?
    private var written: Set<TileID>

    /// The connection and what runs on it, released together when the writer ends.
    private struct Open {
        let connection: SQLiteConnection
        let insertImage: SQLiteStatement
        let insertMap: SQLiteStatement
        var pending = 0
        var batchStart = ContinuousClock.now
    }

    /// Opens `FILE.part`, creating it or continuing what it holds.
    init(path: String) throws(TileArchiveError) {
        self.path = path
        self.partial = PartialPaths(path: path)
        let connection = try SQLiteConnection(path: partial.part, readOnly: false)
        // Exclusive locking keeps a second writer out and lets the log live without shared memory;
        // NORMAL synchronisation keeps committed batches through a killed process.
        try connection.execute(
            "PRAGMA locking_mode = EXCLUSIVE; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        do {
            try connection.execute(MBTilesSchema.create)
        } catch {
            throw TileArchiveError(error.kind, path: partial.part, "not a partial MBTiles archive: \(error.reason)")
        }
        var written = Set<TileID>()
        let rows = try connection.prepare("SELECT zoom_level, tile_column, tile_row FROM map")
        try rows.bind([])
        while try rows.step() {
            let zoom = rows.integer(0)
            guard
                let tile = try? TileID(
                    zoom: zoom, x: rows.integer(1), y: MBTilesSchema.flippedRow(rows.integer(2), zoom: zoom))
            else {
                throw TileArchiveError(.corrupt, path: partial.part, "holds a tile outside the matrix set")
            }
            written.insert(tile)
        }
        rows.reset()
        self.written = written
        let insertImage = try connection.prepare("INSERT OR IGNORE INTO images (tile_id, tile_data) VALUES (?, ?)")
        let insertMap = try connection.prepare(
            "INSERT OR REPLACE INTO map (zoom_level, tile_column, tile_row, tile_id) VALUES (?, ?, ?, ?)")
        try connection.execute("BEGIN")
        state = Open(connection: connection, insertImage: insertImage, insertMap: insertMap)
    }

    func contains(_ tile: TileID) -> Bool {
        lock.withLock { written.contains(tile) }
    }

    var tileCount: Int { lock.withLock { written.count } }

    func write(_ tile: TileID, _ bytes: UnsafeRawBufferPointer) throws(TileArchiveError) {
        let key = Self.contentKey(bytes)
        lock.lock()
        defer { lock.unlock() }
        guard var open = state else { throw TileArchiveError(.invalid, path: path, "the writer is closed") }
        try open.insertImage.run([.text(key), .blob(bytes)])
        try open.insertMap.run([
            .integer(tile.zoom), .integer(tile.x), .integer(MBTilesSchema.flippedRow(tile.y, zoom: tile.zoom)),
            .text(key),
        ])
        written.insert(tile)
        open.pending += 1
        if open.pending >= Self.batchSize || ContinuousClock.now - open.batchStart >= Self.batchInterval {
            try open.connection.execute("COMMIT; BEGIN")
            open.pending = 0
            open.batchStart = .now
        }
        state = open
    }

    func finish(_ metadata: TileArchiveMetadata) throws(TileArchiveError) {
        lock.lock()
        defer { lock.unlock() }
        guard let connection = state?.connection else {
            throw TileArchiveError(.invalid, path: path, "the writer is closed")
        }
        try Self.complete(connection, metadata)
        // Closes the database before it moves.
        state = nil
        let file = try ArchiveFile(path: partial.part, flags: O_RDWR)
        try file.sync()
        try ArchivePaths.publish(partial.part, as: path)
        try partial.removeAll()
    }

    /// Commits the last batch, drops unused images, writes the metadata and folds the log into
    /// the database.
    private static func complete(_ connection: SQLiteConnection, _ metadata: TileArchiveMetadata)
        throws(TileArchiveError)
    {
        // Images no tile points at any more (tiles written twice with different bytes) go first.
        try connection.execute("DELETE FROM images WHERE tile_id NOT IN (SELECT tile_id FROM map)")
        try connection.execute("DELETE FROM metadata")
        let insert = try connection.prepare("INSERT INTO metadata (name, value) VALUES (?, ?)")
        for (name, value) in MBTilesSchema.rows(metadata) {
            try insert.run([.text(name), .text(value)])
        }
        try connection.execute("COMMIT")
        // A rollback journal instead of the log: the finished archive is one file, and readers
        // need not create `-wal` and `-shm` files beside it.
        try connection.execute("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")
    }

    func suspend() throws(TileArchiveError) {
        lock.lock()
        defer { lock.unlock() }
        guard let connection = state?.connection else { return }
        try connection.execute("COMMIT")
        state = nil
    }

    func discard() {
        lock.withLock {
            state = nil
            try? partial.removeAll()
        }
    }

    /// The key a tile's bytes are stored under in `images`: their SHA-256, so identical tiles
    /// (empty sea, a uniform colour) are stored once.
    static func contentKey(_ bytes: UnsafeRawBufferPointer) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        text.reserveCapacity(64)
        for byte in SHA256.hash(data: bytes) {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 15)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
