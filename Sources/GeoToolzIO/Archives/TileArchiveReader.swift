import Foundation

/// Reads a finished tile archive (MBTiles or PMTiles, by the path's extension).
///
/// Any number of threads may read at once; files are opened once, not per tile.
public final class TileArchiveReader: Sendable {
    /// The archive's path.
    public let path: String
    public let format: TileArchiveFormat
    private let backend: any ArchiveBackendReader

    private init(path: String, format: TileArchiveFormat, backend: any ArchiveBackendReader) {
        self.path = path
        self.format = format
        self.backend = backend
    }

    /// Opens the archive at `path` and reads its metadata.
    public static func open(path: String) throws(TileArchiveError) -> TileArchiveReader {
        guard let format = TileArchiveFormat(path: path) else {
            throw TileArchiveError(
                .unsupported, path: path, "not a tile archive: the name must end in .mbtiles or .pmtiles")
        }
        guard ArchivePaths.exists(path) else { throw TileArchiveError(.notFound, path: path, "no such file") }
        let backend: any ArchiveBackendReader =
            switch format {
            case .mbtiles: try MBTilesReader(path: path)
            case .pmtiles: try PMTilesReader(path: path)
            }
        return TileArchiveReader(path: path, format: format, backend: backend)
    }

    /// What the archive says about its tiles.
    public var metadata: TileArchiveMetadata { backend.metadata }

    /// The bytes of `tile`, or nil when the archive does not hold it.
    public func tile(_ tile: TileID) throws(TileArchiveError) -> Data? {
        try backend.tile(tile)
    }

    /// Calls `body` with every tile the archive holds, once each, in no promised order; stops
    /// at the first error, `body`'s or the archive's (a `TileArchiveError`).
    public func forEachTile(_ body: (TileID, Data) throws -> Void) throws {
        try backend.forEachTile(body)
    }
}
