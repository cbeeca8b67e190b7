import Foundation
import GeoToolzCache
import TestSupport
import Testing

/// Hash slots as Redis Cluster computes them, checked against a real cluster node.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct RedisHashSlotTests {
    @Test func knownValuesAndHashTags() {
        // CRC16/XMODEM("123456789") is 0x31C3; 0x31C3 % 16384 = 12739.
        #expect(RedisHashSlot(key: "123456789").value == 12739)
        #expect(RedisHashSlot(key: "").value == 0)
        // Keys sharing a non-empty tag share a slot; only the first `{…}` counts.
        #expect(RedisHashSlot(key: "{user1000}.following") == RedisHashSlot(key: "{user1000}.followers"))
        #expect(RedisHashSlot(key: "foo{bar}{zap}") == RedisHashSlot(key: "bar"))
        #expect(RedisHashSlot(key: "foo{{bar}}zap") == RedisHashSlot(key: "{bar"))
        // `{}` is no tag: the whole key is hashed.
        #expect(RedisHashSlot(key: "foo{}{bar}") != RedisHashSlot(key: "bar"))
    }

    @Test func slotsMatchTheServersKeyslot() throws {
        let configFile = NSTemporaryDirectory() + "geotoolz-test-keyslot-\(UUID().uuidString).conf"
        defer { try? FileManager.default.removeItem(atPath: configFile) }
        let node = RedisServerProcess(
            port: RedisClusterProcess.nodePort(),
            extraArguments: ["--cluster-enabled", "yes", "--cluster-config-file", configFile])
        try node.start()
        let connection = try node.connect()
        var keys: [[UInt8]] = [
            "123456789", "", "{", "}", "{}", "}{", "{a", "a}", "{a}", "{}a", "a{}", "a{b}c", "a{b}{c}", "a{{b}}",
            "{{}}", "{}{b}", "foo{}{bar}", "foo{{bar}}zap", "{user1000}.following", "gz:tile:dem:c0ffee:d1:9:85:197@1",
            "gz:tile:dem:c0ffee:d1:0:0:0@2.webp/WorldCRS84Quad", "Zürich {Zürich}", "日本{語}",
        ].map { Array($0.utf8) }
        // Pseudo-random binary keys, braces among their bytes often enough to make tags.
        var state: UInt32 = 2024
        for _ in 0..<400 {
            var key: [UInt8] = []
            state = state &* 1_664_525 &+ 1_013_904_223
            for _ in 0..<Int(state >> 27) {
                state = state &* 1_664_525 &+ 1_013_904_223
                let byte = UInt8(truncatingIfNeeded: state >> 24)
                key.append(byte % 5 == 0 ? UInt8(ascii: "{") : byte % 7 == 0 ? UInt8(ascii: "}") : byte)
            }
            keys.append(key)
        }
        for key in keys {
            let server = try connection.run([Array("CLUSTER".utf8), Array("KEYSLOT".utf8), key])
            #expect(server == .integer(Int64(RedisHashSlot(keyBytes: key).value)), "key \(key)")
        }
    }
}
