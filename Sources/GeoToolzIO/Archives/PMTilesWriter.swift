import Crypto
import Foundation

/// Writes PMTiles through a spool at `FILE.part` (`PMTilesSpool`); `finish` sorts the tiles by
/// tile id, stores each distinct blob once in that order, and assembles the archive.
final class PMTilesWriter: ArchiveBackendWriter, @unchecked Sendable {
    // Safe to send: `slots` and `spool` are touched only under `lock`.
    private let path: String
    private let partial: PartialPaths
    private let lock = NSLock()
    private var spool: PMTilesSpool?
    /// Where each tile's latest bytes lie in the spool, by tile id: an entry per tile, no bytes.
    private var slots: [UInt64: PMTilesSpool.Slot] = [:]

    init(path: String) throws(TileArchiveError) {
        self.path = path
        self.partial = PartialPaths(path: path)
        spool = try PMTilesSpool(path: partial.part, slots: &slots)
    }

    func contains(_ tile: TileID) -> Bool {
        let id = PMTilesTileID.id(tile)
        return lock.withLock { slots[id] != nil }
    }

    var tileCount: Int { lock.withLock { slots.count } }

    func write(_ tile: TileID, _ bytes: UnsafeRawBufferPointer) throws(TileArchiveError) {
        guard bytes.count <= Int(UInt32.max) else {
            throw TileArchiveError(.invalid, path: path, "tile \(tile) is over 4 GiB")
        }
        let id = PMTilesTileID.id(tile)
        lock.lock()
        defer { lock.unlock() }
        guard let spool else { throw TileArchiveError(.invalid, path: path, "the writer is closed") }
        slots[id] = try spool.append(id, bytes)
    }

    func finish(_ metadata: TileArchiveMetadata) throws(TileArchiveError) {
        lock.lock()
        defer { lock.unlock() }
        guard let spool else { throw TileArchiveError(.invalid, path: path, "the writer is closed") }
        guard !slots.isEmpty else { throw TileArchiveError(.invalid, path: path, "no tiles were written") }
        let tiles = try writeTileData(from: spool)
        var header = PMTilesHeader()
        header.addressedTiles = UInt64(slots.count)
        header.tileEntries = UInt64(tiles.entries.count)
        header.tileContents = UInt64(tiles.contents)
        header.dataLength = tiles.length
        try assemble(header, tiles.entries, metadata)
        self.spool = nil
        try partial.removeAll()
    }

    func suspend() throws(TileArchiveError) {
        lock.lock()
        defer { lock.unlock() }
        try spool?.file.sync()
        spool = nil
    }

    func discard() {
        lock.withLock {
            spool = nil
            try? partial.removeAll()
        }
    }

    /// The tile data section, written to `FILE.part.data` in tile-id order, each distinct blob
    /// once (by SHA-256); and the entries pointing into it, consecutive ids sharing a blob
    /// merged into runs.
    private func writeTileData(from spool: PMTilesSpool) throws(TileArchiveError)
        -> (entries: [PMTilesEntry], contents: Int, length: UInt64)
    {
        let data = try ArchiveFile(path: partial.data, flags: O_RDWR | O_CREAT | O_TRUNC)
        var stored: [SHA256.Digest: UInt64] = [:]
        var entries: [PMTilesEntry] = []
        var length: UInt64 = 0
        for id in slots.keys.sorted() {
            let slot = slots[id]!
            let bytes = try spool.read(slot)
            let digest = SHA256.hash(data: bytes)
            let offset: UInt64
            if let earlier = stored[digest] {
                offset = earlier
            } else {
                offset = length
                stored[digest] = offset
                let result = bytes.withUnsafeBytes { buffer in
                    Result { () throws(TileArchiveError) in try data.write(buffer, at: offset) }
                }
                try result.get()
                length += UInt64(slot.length)
            }
            if var last = entries.last, last.offset == offset, last.tileID + UInt64(last.runLength) == id {
                last.runLength += 1
                entries[entries.count - 1] = last
            } else {
                entries.append(PMTilesEntry(tileID: id, offset: offset, length: slot.length, runLength: 1))
            }
        }
        return (entries, stored.count, length)
    }

    /// Writes header, root directory, metadata, leaves and the tile data to
    /// `FILE.part.archive`, then renames it to `FILE`.
    private func assemble(_ header: PMTilesHeader, _ entries: [PMTilesEntry], _ metadata: TileArchiveMetadata)
        throws(TileArchiveError)
    {
        var header = header
        let directories = PMTilesDirectoryLayout(entries)
        let json = Gzip.compress(PMTilesJSONMetadata(metadata).encoded())
        header.rootOffset = UInt64(PMTilesHeader.size)
        header.rootLength = UInt64(directories.root.count)
        header.metadataOffset = header.rootOffset + header.rootLength
        header.metadataLength = UInt64(json.count)
        header.leavesOffset = header.metadataOffset + header.metadataLength
        header.leavesLength = UInt64(directories.leaves.count)
        header.dataOffset = header.leavesOffset + header.leavesLength
        header.clustered = true
        header.internalCompression = .gzip
        header.tileCompression = .none
        header.tileType = PMTilesHeader.TileType(metadata.format) ?? .unknown
        header.minZoom = UInt8(metadata.minZoom)
        header.maxZoom = UInt8(metadata.maxZoom)
        header.bounds = metadata.bounds
        header.centerZoom = UInt8(metadata.center.zoom)
        header.centerLongitude = metadata.center.longitude
        header.centerLatitude = metadata.center.latitude

        let archive = try ArchiveFile(path: partial.assembling, flags: O_RDWR | O_CREAT | O_TRUNC)
        try archive.write(header.encoded() + directories.root + json + directories.leaves, at: 0)
        let data = try ArchiveFile(path: partial.data, flags: O_RDONLY)
        try copy(data, length: header.dataLength, into: archive, at: header.dataOffset)
        try archive.sync()
        try ArchivePaths.publish(partial.assembling, as: path)
    }

    /// Copies `length` bytes from the start of `source` to `offset` in `target`, a megabyte at a time.
    private func copy(_ source: ArchiveFile, length: UInt64, into target: ArchiveFile, at offset: UInt64)
        throws(TileArchiveError)
    {
        var done: UInt64 = 0
        while done < length {
            let chunk = try source.read(at: done, count: Int(min(length - done, 1 << 20)))
            let result = chunk.withUnsafeBytes { buffer in
                Result { () throws(TileArchiveError) in try target.write(buffer, at: offset + done) }
            }
            try result.get()
            done += UInt64(chunk.count)
        }
    }
}
