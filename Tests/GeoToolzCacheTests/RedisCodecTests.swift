import Foundation
import GeoToolzIO
import NIOCore
import Testing

@testable import GeoToolzCache

@Suite struct RedisCodecTests {
    @Test func crc32MatchesTheStandardCheckValue() {
        let check = Array("123456789".utf8).withUnsafeBytes { CRC32.checksum($0) }
        #expect(check == 0xCBF4_3926)
        #expect([UInt8]().withUnsafeBytes { CRC32.checksum($0) } == 0)
    }

    @Test func crc32AgreesWithABitwiseReferenceAtEveryLengthAndSplit() {
        let bytes = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 73 &+ 11) }
        for length in [0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 299, 300] {
            let prefix = Array(bytes[..<length])
            let whole = prefix.withUnsafeBytes { CRC32.checksum($0) }
            #expect(whole == bitwiseCRC32(prefix), "length \(length)")
            let cut = length / 3
            let first = prefix[..<cut].withUnsafeBytes { CRC32.checksum($0) }
            let continued = prefix[cut...].withUnsafeBytes { CRC32.checksum($0, continuing: first) }
            #expect(continued == whole, "length \(length) split at \(cut)")
        }
    }

    @Test func aTileSurvivesTheRoundTrip() throws {
        let tile = sampleTile(size: 70_000, warnings: ["one", "", "ünïcødé ≥ 2"])
        let encoded = TileValueCodec.encode(tile)
        let warningBytes = tile.warnings.reduce(2) { $0 + 2 + $1.utf8.count }
        #expect(encoded.readableBytes == TileValueCodec.headerSize + warningBytes + 70_000)
        let decoded = try #require(TileValueCodec.decode(encoded))
        #expect(decoded.bytes == tile.bytes)
        #expect(decoded.warnings == tile.warnings)
    }

    @Test func theCreationTimeIsReadFromTheHeaderAlone() throws {
        let made = Date(timeIntervalSince1970: 1_790_000_000.123)
        let encoded = TileValueCodec.encode(sampleTile(size: 500), created: made)
        let header = try #require(encoded.getSlice(at: 0, length: TileValueCodec.headerSize))
        let read = try #require(TileValueCodec.creationTime(ofPrefix: header))
        #expect(abs(read.timeIntervalSince(made)) < 0.001)
        #expect(TileValueCodec.creationTime(ofPrefix: encoded.getSlice(at: 0, length: 21)!) == nil)
        var foreign = encoded
        foreign.setInteger(UInt8(1), at: 4)
        #expect(TileValueCodec.creationTime(ofPrefix: foreign) == nil)
        // The CRC covers the time: a changed time is a damaged value.
        var retimed = encoded
        retimed.setInteger(UInt64(0), at: 14)
        #expect(TileValueCodec.decode(retimed) == nil)
    }

    @Test func aTileWithoutWarningsOrBytesSurvivesTheRoundTrip() throws {
        let tile = CachedTile(bytes: ByteBuffer(), warnings: [])
        let decoded = try #require(TileValueCodec.decode(TileValueCodec.encode(tile)))
        #expect(decoded.bytes.readableBytes == 0)
        #expect(decoded.warnings.isEmpty)
    }

    @Test func everyTruncationIsRejected() {
        let encoded = TileValueCodec.encode(sampleTile(size: 300))
        for length in 0..<encoded.readableBytes {
            #expect(TileValueCodec.decode(encoded.getSlice(at: 0, length: length)!) == nil, "length \(length)")
        }
    }

    @Test func trailingBytesAreRejected() {
        var encoded = TileValueCodec.encode(sampleTile(size: 300))
        encoded.writeInteger(UInt8(0))
        #expect(TileValueCodec.decode(encoded) == nil)
    }

    @Test func everyFlippedBitIsRejected() {
        let encoded = TileValueCodec.encode(sampleTile(size: 64, warnings: ["w"]))
        for offset in 0..<encoded.readableBytes {
            for bit in [0, 3, 7] {
                var damaged = encoded
                let byte = damaged.getInteger(at: offset, as: UInt8.self)!
                damaged.setInteger(byte ^ (1 << bit), at: offset)
                #expect(TileValueCodec.decode(damaged) == nil, "offset \(offset) bit \(bit)")
            }
        }
    }

    @Test(arguments: [
        [UInt8](),
        Array("OK".utf8),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52],
        Array("GZTC".utf8) + [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0],
    ])
    func foreignValuesAreRejected(_ bytes: [UInt8]) {
        #expect(TileValueCodec.decode(ByteBuffer(bytes: bytes)) == nil)
    }

    @Test func aValueOfANewerFormatIsRejectedEvenWithAValidChecksum() {
        for (offset, value) in [(4, TileValueCodec.formatVersion + 1), (5, UInt8(1))] {
            var encoded = TileValueCodec.encode(sampleTile(size: 100))
            encoded.setInteger(value, at: offset)
            #expect(TileValueCodec.decode(encoded) == nil, "byte \(offset) = \(value)")
        }
    }

    private func bitwiseCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
