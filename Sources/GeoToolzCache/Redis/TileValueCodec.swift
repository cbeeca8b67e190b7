import Foundation
import GeoToolzIO
import NIOCore

/// The bytes a tile is stored as in Redis.
///
/// A 22-byte header, then the payload; integers are big-endian:
///
///     magic "GZTC" (4) · format version (1) · flags (1) · payload length (4) · CRC-32 (4) ·
///     creation time, milliseconds since 1970 (8)
///     payload: warning count (2) · per warning: UTF-8 length (2) + bytes · tile bytes (the rest)
///
/// The CRC covers the creation time and the payload. The creation time lets a seeding run
/// re-render tiles older than it wants (`prewarm --refresh-older-than`) reading only the header.
///
/// The header lets a reader tell a whole value of this format from a truncated one, a foreign one
/// (another program's key, an older format) or a damaged one; all of those decode to nil and are
/// treated as absent.
public enum TileValueCodec {
    public static let magic: UInt32 = 0x475A_5443  // "GZTC"
    public static let formatVersion: UInt8 = 2
    public static let headerSize = 22
    /// Where the bytes the CRC covers start: the creation time.
    static let checkedFrom = 14
    /// No flags are defined; a value with any set comes from a newer format and is not read.
    static let knownFlags: UInt8 = 0

    /// Encodes `tile`, made at `created`. Warnings longer than 65,535 bytes, or beyond the
    /// 65,535th, are cut.
    public static func encode(
        _ tile: CachedTile, created: Date = Date(), allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        let warnings = tile.warnings.prefix(Int(UInt16.max)).map { $0.utf8.prefix(Int(UInt16.max)) }
        let warningBytes = warnings.reduce(2) { $0 + 2 + $1.count }
        var buffer = allocator.buffer(capacity: headerSize + warningBytes + tile.bytes.readableBytes)
        buffer.writeInteger(magic)
        buffer.writeInteger(formatVersion)
        buffer.writeInteger(knownFlags)
        let lengthAt = buffer.writerIndex
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(UInt32(0))
        buffer.writeInteger(UInt64(max(0, created.timeIntervalSince1970 * 1000).rounded()))
        let payloadAt = buffer.writerIndex
        buffer.writeInteger(UInt16(warnings.count))
        for warning in warnings {
            buffer.writeInteger(UInt16(warning.count))
            buffer.writeBytes(warning)
        }
        buffer.writeImmutableBuffer(tile.bytes)
        let payloadLength = buffer.writerIndex - payloadAt
        let checksum = buffer.withUnsafeReadableBytes {
            CRC32.checksum(UnsafeRawBufferPointer(rebasing: $0[checkedFrom...]))
        }
        buffer.setInteger(UInt32(payloadLength), at: lengthAt)
        buffer.setInteger(checksum, at: lengthAt + 4)
        return buffer
    }

    /// Decodes a stored value; nil when it is truncated, foreign, of another format, or fails its checksum.
    ///
    /// The tile bytes are a slice of `value`, not a copy.
    public static func decode(_ value: ByteBuffer) -> CachedTile? {
        var buffer = value
        guard buffer.readInteger(as: UInt32.self) == magic,
            buffer.readInteger(as: UInt8.self) == formatVersion,
            buffer.readInteger(as: UInt8.self) == knownFlags,
            let length = buffer.readInteger(as: UInt32.self),
            let checksum = buffer.readInteger(as: UInt32.self),
            buffer.readableBytes == Int(length) + (headerSize - checkedFrom),
            buffer.withUnsafeReadableBytes({ CRC32.checksum($0) }) == checksum,
            buffer.readInteger(as: UInt64.self) != nil,
            let count = buffer.readInteger(as: UInt16.self)
        else { return nil }
        var warnings: [String] = []
        warnings.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let size = buffer.readInteger(as: UInt16.self), let warning = buffer.readString(length: Int(size))
            else { return nil }
            warnings.append(warning)
        }
        guard let png = buffer.readSlice(length: buffer.readableBytes) else { return nil }
        return CachedTile(bytes: png, warnings: warnings)
    }

    /// When the value starting with `prefix` (its first `headerSize` bytes or more) was made; nil
    /// when `prefix` is not the start of a value of this format. The CRC is not checked: that
    /// needs the whole value.
    public static func creationTime(ofPrefix prefix: ByteBuffer) -> Date? {
        var buffer = prefix
        guard buffer.readInteger(as: UInt32.self) == magic,
            buffer.readInteger(as: UInt8.self) == formatVersion,
            buffer.readInteger(as: UInt8.self) == knownFlags,
            buffer.readInteger(as: UInt32.self) != nil,
            buffer.readInteger(as: UInt32.self) != nil,
            let milliseconds = buffer.readInteger(as: UInt64.self)
        else { return nil }
        return Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
