import Foundation

/// The partial state of a PMTiles archive: an append-only file of tiles as written, one record
/// each, which survives the writer being killed and is read back to resume.
///
/// After an 8-byte magic, each record is: tile id (u64), length (u32), CRC-32 of the id, length
/// and bytes (u32), all little-endian, then the bytes. A record is appended by one `pwrite`, so
/// a kill leaves at most one torn record, at the end, which `open` cuts off; a tile written twice
/// counts by its last record.
final class PMTilesSpool: @unchecked Sendable {
    // Not locked itself: the writer serialises appends.
    static let magic = Array("GTZSPL01".utf8)
    static let recordHeaderSize = 16
    /// Records between flushes to the disk: a kill loses nothing written, a power cut at most these.
    static let syncInterval = 1024

    /// Where a tile's bytes lie in the spool.
    struct Slot: Sendable, Hashable {
        var offset: UInt64
        var length: UInt32
    }

    let file: ArchiveFile
    private(set) var end: UInt64
    private var unsynced = 0

    /// Opens the spool at `path`, creating it when missing. Returns the tiles it holds, each at
    /// its last record, keyed by PMTiles tile id.
    init(path: String, slots: inout [UInt64: Slot]) throws(TileArchiveError) {
        file = try ArchiveFile(path: path, flags: O_RDWR | O_CREAT)
        try file.lockExclusively()
        let size = try file.size()
        if size < UInt64(Self.magic.count) {
            try file.truncate(to: 0)
            try file.write(Self.magic, at: 0)
            end = UInt64(Self.magic.count)
            return
        }
        guard try Array(file.read(at: 0, count: Self.magic.count)) == Self.magic else {
            throw TileArchiveError(.corrupt, path: path, "not a PMTiles spool of this program")
        }
        end = UInt64(Self.magic.count)
        while let (id, slot) = try record(at: end, fileSize: size) {
            slots[id] = slot
            end = slot.offset + UInt64(slot.length)
        }
        if end < size { try file.truncate(to: end) }
    }

    /// The record at `offset`, or nil when the file ends there or the record is torn.
    private func record(at offset: UInt64, fileSize: UInt64) throws(TileArchiveError) -> (UInt64, Slot)? {
        guard fileSize - offset >= UInt64(Self.recordHeaderSize) else { return nil }
        let header = [UInt8](try file.read(at: offset, count: Self.recordHeaderSize))
        let id = Self.integer(header[0..<8])
        let length = UInt32(Self.integer(header[8..<12]))
        let checksum = UInt32(Self.integer(header[12..<16]))
        let payload = offset + UInt64(Self.recordHeaderSize)
        guard length > 0, fileSize - payload >= UInt64(length), PMTilesTileID.tile(id) != nil else { return nil }
        let bytes = try file.read(at: payload, count: Int(length))
        let headed = CRC32.checksum(Array(header[0..<12]))
        guard bytes.withUnsafeBytes({ CRC32.checksum($0, continuing: headed) }) == checksum else { return nil }
        return (id, Slot(offset: payload, length: length))
    }

    /// Appends a record of `bytes` for tile `id`: where its bytes lie.
    func append(_ id: UInt64, _ bytes: UnsafeRawBufferPointer) throws(TileArchiveError) -> Slot {
        var record = [UInt8]()
        record.reserveCapacity(Self.recordHeaderSize + bytes.count)
        record += withUnsafeBytes(of: id.littleEndian, Array.init)
        record += withUnsafeBytes(of: UInt32(bytes.count).littleEndian, Array.init)
        let checksum = CRC32.checksum(bytes, continuing: CRC32.checksum(record))
        record += withUnsafeBytes(of: checksum.littleEndian, Array.init)
        record += bytes
        try file.write(record, at: end)
        let slot = Slot(offset: end + UInt64(Self.recordHeaderSize), length: UInt32(bytes.count))
        end += UInt64(record.count)
        unsynced += 1
        if unsynced >= Self.syncInterval {
            try file.sync()
            unsynced = 0
        }
        return slot
    }

    func read(_ slot: Slot) throws(TileArchiveError) -> Data {
        try file.read(at: slot.offset, count: Int(slot.length))
    }

    private static func integer(_ bytes: ArraySlice<UInt8>) -> UInt64 {
        bytes.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}
