/// The kinds of tile archive: one file holding a whole tile pyramid.
public enum TileArchiveFormat: String, CaseIterable, Sendable, Hashable {
    /// MBTiles 1.3: an SQLite database, rows in the TMS scheme (from the bottom).
    case mbtiles
    /// PMTiles v3: a header, directories along a Hilbert curve, and the tiles, read by offset.
    case pmtiles

    /// The format a path names by its extension (`.mbtiles`, `.pmtiles`, any case), or nil.
    public init?(path: String) {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return nil }
        self.init(rawValue: path[path.index(after: dot)...].lowercased())
    }
}
