import Foundation

/// Reads a PMTiles v3 archive by `pread` on one descriptor: the root directory is kept, leaf
/// directories are cached once decoded (`PMTilesLeafCache`), tiles are read where they lie.
final class PMTilesReader: ArchiveBackendReader, @unchecked Sendable {
    // Safe to send: every member is immutable but the leaf cache, which locks itself.
    /// Directories nest at most this deep: the root, leaves, and leaves of leaves.
    static let maxDepth = 4
    /// Directories and metadata inflate to at most this many bytes.
    static let inflateLimit = 64 << 20

    let metadata: TileArchiveMetadata
    private let path: String
    private let file: ArchiveFile
    private let size: UInt64
    private let header: PMTilesHeader
    private let root: [PMTilesEntry]
    private let leaves = PMTilesLeafCache(capacity: 64)

    init(path: String) throws(TileArchiveError) {
        self.path = path
        file = try ArchiveFile(path: path, flags: O_RDONLY)
        size = try file.size()
        guard size >= UInt64(PMTilesHeader.size),
            let header = PMTilesHeader(decoding: [UInt8](try file.read(at: 0, count: PMTilesHeader.size)))
        else {
            throw TileArchiveError(.corrupt, path: path, "not a PMTiles v3 archive")
        }
        guard header.internalCompression == .gzip || header.internalCompression == .none else {
            throw TileArchiveError(
                .unsupported, path: path,
                "directories compressed by \(header.internalCompression) are not read: gzip and none are")
        }
        guard header.tileCompression == .none || header.tileCompression == .unknown else {
            throw TileArchiveError(
                .unsupported, path: path,
                "tiles compressed by \(header.tileCompression) are not read: images are stored as they are")
        }
        guard let format = header.tileType.format else {
            throw TileArchiveError(
                .unsupported, path: path, "tiles of type \(header.tileType) are not read: png, jpeg and webp are")
        }
        for (name, offset, length) in [
            ("leaf directories", header.leavesOffset, header.leavesLength),
            ("tile data", header.dataOffset, header.dataLength),
        ] where offset > size || length > size - offset {
            throw TileArchiveError(.corrupt, path: path, "the \(name) run past the end of the file")
        }
        self.header = header
        root = try Self.directory(
            in: file, size: size, header: header, at: header.rootOffset, length: header.rootLength)
        let json = try Self.section(
            in: file, size: size, header: header, at: header.metadataOffset, length: header.metadataLength)
        let fields = json.isEmpty ? nil : PMTilesJSONMetadata.decode(json)
        metadata = TileArchiveMetadata(
            name: fields?.name ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension,
            description: fields?.description, attribution: fields?.attribution, format: format, bounds: header.bounds,
            center: TileArchiveCenter(
                longitude: header.centerLongitude, latitude: header.centerLatitude, zoom: Int(header.centerZoom)),
            minZoom: Int(header.minZoom), maxZoom: Int(header.maxZoom), configHash: fields?.configHash)
    }

    func tile(_ tile: TileID) throws(TileArchiveError) -> Data? {
        let id = PMTilesTileID.id(tile)
        var entries = root
        for _ in 0..<Self.maxDepth {
            guard let entry = PMTilesDirectory.find(id, in: entries) else { return nil }
            guard entry.isLeaf else { return try blob(entry) }
            entries = try leaf(entry)
        }
        throw TileArchiveError(.corrupt, path: path, "directories nest deeper than \(Self.maxDepth) levels")
    }

    func forEachTile(_ body: (TileID, Data) throws -> Void) throws {
        try visit(root, depth: 1, body)
    }

    private func visit(_ entries: [PMTilesEntry], depth: Int, _ body: (TileID, Data) throws -> Void) throws {
        guard depth <= Self.maxDepth else {
            throw TileArchiveError(.corrupt, path: path, "directories nest deeper than \(Self.maxDepth) levels")
        }
        for entry in entries {
            if entry.isLeaf {
                try visit(try leaf(entry), depth: depth + 1, body)
                continue
            }
            let bytes = try blob(entry)
            for step in 0..<UInt64(entry.runLength) {
                guard let tile = PMTilesTileID.tile(entry.tileID + step) else {
                    throw TileArchiveError(
                        .corrupt, path: path, "tile id \(entry.tileID + step) is past zoom \(WebMercatorQuad.maxZoom)")
                }
                try body(tile, bytes)
            }
        }
    }

    private func blob(_ entry: PMTilesEntry) throws(TileArchiveError) -> Data {
        guard entry.offset <= header.dataLength, UInt64(entry.length) <= header.dataLength - entry.offset else {
            throw TileArchiveError(.corrupt, path: path, "a tile lies outside the tile data")
        }
        return try file.read(at: header.dataOffset + entry.offset, count: Int(entry.length))
    }

    private func leaf(_ entry: PMTilesEntry) throws(TileArchiveError) -> [PMTilesEntry] {
        guard entry.offset <= header.leavesLength, UInt64(entry.length) <= header.leavesLength - entry.offset else {
            throw TileArchiveError(.corrupt, path: path, "a leaf directory lies outside the leaf section")
        }
        let start = header.leavesOffset + entry.offset
        if let cached = leaves[start] { return cached }
        let entries = try Self.directory(in: file, size: size, header: header, at: start, length: UInt64(entry.length))
        leaves[start] = entries
        return entries
    }

    /// The decoded directory at `offset`.
    private static func directory(
        in file: ArchiveFile, size: UInt64, header: PMTilesHeader, at offset: UInt64, length: UInt64
    ) throws(TileArchiveError) -> [PMTilesEntry] {
        let bytes = try section(in: file, size: size, header: header, at: offset, length: length)
        guard let entries = PMTilesDirectory.decode(bytes),
            zip(entries, entries.dropFirst()).allSatisfy({ $0.tileID < $1.tileID })
        else {
            throw TileArchiveError(.corrupt, path: file.path, "the directory at offset \(offset) is malformed")
        }
        return entries
    }

    /// The bytes at `offset`, decompressed as the header says.
    private static func section(
        in file: ArchiveFile, size: UInt64, header: PMTilesHeader, at offset: UInt64, length: UInt64
    ) throws(TileArchiveError) -> [UInt8] {
        guard length > 0 else { return [] }
        guard offset <= size, length <= size - offset, length <= UInt64(inflateLimit) else {
            throw TileArchiveError(
                .corrupt, path: file.path, "a section at offset \(offset) runs past the end of the file")
        }
        let raw = [UInt8](try file.read(at: offset, count: Int(length)))
        guard header.internalCompression == .gzip else { return raw }
        guard let inflated = Gzip.decompress(raw, limit: inflateLimit) else {
            throw TileArchiveError(.corrupt, path: file.path, "the section at offset \(offset) is not valid gzip")
        }
        return inflated
    }
}
