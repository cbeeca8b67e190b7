/// CRC-16/XMODEM (polynomial 0x1021, initial value 0, no reflection), the checksum Redis Cluster
/// hashes keys with: "123456789" gives 0x31C3.
enum CRC16 {
    /// The checksum of `bytes`.
    static func checksum<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt16 {
        var crc: UInt16 = 0
        for byte in bytes {
            crc = (crc << 8) ^ table[Int(UInt8(truncatingIfNeeded: crc >> 8) ^ byte)]
        }
        return crc
    }

    /// The checksum of each byte value, so a key costs one lookup per byte rather than eight shifts.
    private static let table: [UInt16] = (0...255).map { value in
        var crc = UInt16(value) << 8
        for _ in 0..<8 {
            crc = crc & 0x8000 != 0 ? (crc << 1) ^ 0x1021 : crc << 1
        }
        return crc
    }
}
