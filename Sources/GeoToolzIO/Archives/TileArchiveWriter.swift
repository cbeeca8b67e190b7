import Foundation

/// Writes a tile archive (MBTiles or PMTiles, by the path's extension) that survives being killed:
/// tiles go to partial state beside the path as they are written, and the archive itself appears
/// at the path only when `finish` renames it into place.
///
/// Any number of threads may write at once.
public final class TileArchiveWriter: Sendable {
    /// How to treat an earlier run's files.
    public enum Mode: Sendable, Hashable {
        /// Starts afresh: removes any partial state of an earlier run.
        case create
        /// Continues the partial state an interrupted run left at the path, or starts afresh
        /// when there is none.
        case resume
    }

    /// The archive's path.
    public let path: String
    public let format: TileArchiveFormat
    private let backend: any ArchiveBackendWriter

    private init(path: String, format: TileArchiveFormat, backend: any ArchiveBackendWriter) {
        self.path = path
        self.format = format
        self.backend = backend
    }

    /// Opens a writer for the archive at `path`, whose extension (`.mbtiles`, `.pmtiles`) picks
    /// the format. A finished archive at `path` is refused unless `overwrite` (it is replaced
    /// only by `finish`); so is `.resume` of a run that already finished (no partial state left).
    public static func open(path: String, mode: Mode, overwrite: Bool = false) throws(TileArchiveError)
        -> TileArchiveWriter
    {
        guard let format = TileArchiveFormat(path: path) else {
            throw TileArchiveError(
                .unsupported, path: path, "not a tile archive: the name must end in .mbtiles or .pmtiles")
        }
        let partial = PartialPaths(path: path)
        let resuming = mode == .resume && ArchivePaths.exists(partial.part)
        if !resuming {
            guard overwrite || !ArchivePaths.exists(path) else {
                throw TileArchiveError(
                    .exists, path: path,
                    mode == .resume
                        ? "the archive is finished already (no partial state to resume)"
                        : "the archive exists already")
            }
            try partial.removeAll()
        }
        let backend: any ArchiveBackendWriter =
            switch format {
            case .mbtiles: try MBTilesWriter(path: path)
            case .pmtiles: try PMTilesWriter(path: path)
            }
        return TileArchiveWriter(path: path, format: format, backend: backend)
    }

    /// Whether `tile` has been written, in this run or in the run it resumes.
    public func contains(_ tile: TileID) -> Bool {
        backend.contains(tile)
    }

    /// How many distinct tiles have been written.
    public var tileCount: Int { backend.tileCount }

    /// Adds `tile`, or replaces it when written before. The bytes are stored as they are (an
    /// encoded PNG, WebP or JPEG); empty tiles are refused, since PMTiles cannot address them.
    public func write(_ tile: TileID, _ bytes: some ContiguousBytes) throws(TileArchiveError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(TileArchiveError) in
                guard !buffer.isEmpty else { throw TileArchiveError(.invalid, path: path, "tile \(tile) is empty") }
                try backend.write(tile, buffer)
            }
        }
        try result.get()
    }

    /// Writes the archive with `metadata`, renames it into place and removes the partial state.
    /// Nothing may be written afterwards.
    public func finish(_ metadata: TileArchiveMetadata) throws(TileArchiveError) {
        try metadata.validate(path: path)
        try backend.finish(metadata)
    }

    /// Stops writing, keeping every tile written so far in the partial state for `.resume`:
    /// what an export stopped cleanly (by its time limit or a signal) does. Nothing may be
    /// written afterwards.
    public func suspend() throws(TileArchiveError) {
        try backend.suspend()
    }

    /// Abandons the archive: closes and removes the partial state; any finished archive at the
    /// path stays as it was.
    public func discard() {
        backend.discard()
    }
}
