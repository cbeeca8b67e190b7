import Foundation

/// Reads an MBTiles archive through read-only SQLite connections, one per concurrent reader,
/// each with its tile query prepared once; idle ones are kept for the next caller.
final class MBTilesReader: ArchiveBackendReader, @unchecked Sendable {
    // Safe to send: `idle` is touched only under `lock`, and a query is used by one caller at a
    // time between taking and giving it back.
    let metadata: TileArchiveMetadata
    private let path: String
    private let lock = NSLock()
    private var idle: [TileQuery]

    /// A connection and its prepared tile query.
    private struct TileQuery {
        let connection: SQLiteConnection
        let statement: SQLiteStatement

        init(path: String) throws(TileArchiveError) {
            connection = try SQLiteConnection(path: path, readOnly: true)
            do {
                statement = try connection.prepare(
                    "SELECT tile_data FROM tiles WHERE zoom_level = ? AND tile_column = ? AND tile_row = ?")
            } catch {
                throw TileArchiveError(.corrupt, path: path, "not an MBTiles archive (\(error.reason))")
            }
        }
    }

    init(path: String) throws(TileArchiveError) {
        self.path = path
        let first = try TileQuery(path: path)
        metadata = try MBTilesMetadataReader(connection: first.connection).metadata()
        idle = [first]
    }

    func tile(_ tile: TileID) throws(TileArchiveError) -> Data? {
        let query = try take()
        defer { lock.withLock { idle.append(query) } }
        let statement = query.statement
        defer { statement.reset() }
        try statement.bind([
            .integer(tile.zoom), .integer(tile.x), .integer(MBTilesSchema.flippedRow(tile.y, zoom: tile.zoom)),
        ])
        guard try statement.step() else { return nil }
        return statement.data(0)
    }

    func forEachTile(_ body: (TileID, Data) throws -> Void) throws {
        let connection = try SQLiteConnection(path: path, readOnly: true)
        let rows = try connection.prepare("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles")
        defer { rows.reset() }
        try rows.bind([])
        while try rows.step() {
            let zoom = rows.integer(0)
            let column = rows.integer(1)
            let row = rows.integer(2)
            guard let tile = try? TileID(zoom: zoom, x: column, y: MBTilesSchema.flippedRow(row, zoom: zoom)) else {
                throw TileArchiveError(
                    .corrupt, path: path, "holds tile \(zoom)/\(column)/\(row) (TMS), outside the matrix set")
            }
            try body(tile, rows.data(3))
        }
    }

    private func take() throws(TileArchiveError) -> TileQuery {
        if let query = lock.withLock({ idle.popLast() }) { return query }
        return try TileQuery(path: path)
    }
}
