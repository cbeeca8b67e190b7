import CLibDeflate

/// CRC-32 as in zlib, PNG and Ethernet (IEEE 802.3), computed by libdeflate, which the PNG
/// encoder links already and which uses the processor's carry-less multiply where it has one:
/// the checksum of PMTiles spool records and of tile values in Redis.
public enum CRC32 {
    /// The checksum of `bytes`, continuing from `previous` (the checksum of the bytes before them).
    public static func checksum(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return previous }
        return libdeflate_crc32(previous, base, bytes.count)
    }

    /// The checksum of `bytes`, continuing from `previous`.
    public static func checksum(_ bytes: [UInt8], continuing previous: UInt32 = 0) -> UInt32 {
        bytes.withUnsafeBytes { checksum($0, continuing: previous) }
    }
}
