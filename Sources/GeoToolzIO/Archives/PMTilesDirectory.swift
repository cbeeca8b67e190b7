/// One entry of a PMTiles directory: a run of tiles sharing one blob, or (run length 0) a leaf
/// directory covering tiles from `tileID` on.
struct PMTilesEntry: Sendable, Hashable {
    var tileID: UInt64
    /// From the start of the tile data section, or of the leaf directories for a leaf.
    var offset: UInt64
    var length: UInt32
    var runLength: UInt32

    var isLeaf: Bool { runLength == 0 }
}

/// PMTiles directories as stored, before compression: the entry count, then the columns (tile
/// id deltas, run lengths, lengths, offsets), each number a varint; an offset is 0 when its
/// blob follows the previous entry's, and offset + 1 otherwise.
enum PMTilesDirectory {
    static func encode(_ entries: [PMTilesEntry]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(entries.count * 6 + 8)
        Varint.append(UInt64(entries.count), to: &bytes)
        var lastID: UInt64 = 0
        for entry in entries {
            Varint.append(entry.tileID - lastID, to: &bytes)
            lastID = entry.tileID
        }
        for entry in entries { Varint.append(UInt64(entry.runLength), to: &bytes) }
        for entry in entries { Varint.append(UInt64(entry.length), to: &bytes) }
        for (index, entry) in entries.enumerated() {
            let previous = index > 0 ? entries[index - 1] : nil
            if let previous, entry.offset == previous.offset + UInt64(previous.length) {
                Varint.append(0, to: &bytes)
            } else {
                Varint.append(entry.offset + 1, to: &bytes)
            }
        }
        return bytes
    }

    /// The entries of an uncompressed directory; nil when the bytes are not one.
    static func decode(_ bytes: [UInt8]) -> [PMTilesEntry]? {
        var position = 0
        guard let count = Varint.read(bytes, at: &position), count > 0, count <= UInt64(bytes.count) else {
            return nil
        }
        var entries = [PMTilesEntry](
            repeating: PMTilesEntry(tileID: 0, offset: 0, length: 0, runLength: 0), count: Int(count))
        var lastID: UInt64 = 0
        for index in entries.indices {
            guard let delta = Varint.read(bytes, at: &position) else { return nil }
            let (id, overflow) = lastID.addingReportingOverflow(delta)
            guard !overflow else { return nil }
            entries[index].tileID = id
            lastID = id
        }
        for index in entries.indices {
            guard let run = Varint.read(bytes, at: &position), run <= UInt64(UInt32.max) else { return nil }
            entries[index].runLength = UInt32(run)
        }
        for index in entries.indices {
            guard let length = Varint.read(bytes, at: &position), length > 0, length <= UInt64(UInt32.max) else {
                return nil
            }
            entries[index].length = UInt32(length)
        }
        for index in entries.indices {
            guard let offset = Varint.read(bytes, at: &position) else { return nil }
            if offset == 0 {
                guard index > 0 else { return nil }
                let previous = entries[index - 1]
                entries[index].offset = previous.offset &+ UInt64(previous.length)
            } else {
                entries[index].offset = offset - 1
            }
        }
        return entries
    }

    /// The entry covering `id` in sorted `entries`: the last one starting at or before it, if
    /// that is a leaf or its run reaches `id`.
    static func find(_ id: UInt64, in entries: [PMTilesEntry]) -> PMTilesEntry? {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].tileID <= id { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        if entry.isLeaf || id - entry.tileID < UInt64(entry.runLength) { return entry }
        return nil
    }
}
