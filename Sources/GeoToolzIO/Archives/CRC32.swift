import CLibDeflate

/// CRC-32 (zlib's), computed by libdeflate: the checksum of PMTiles spool records.
enum CRC32 {
    /// The checksum of `bytes`, continuing from `previous` (the checksum of the bytes before them).
    static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return previous }
        return libdeflate_crc32(previous, base, bytes.count)
    }

    static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }
}
