import GeoToolzCache
import NIOCore
import TestSupport
import Testing

@Suite(.serialized, .timeLimit(.minutes(1)))
struct RedisKeyspaceTests {
    @Test func statsAndPurgeTouchOnlyTheNamedLayer() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let raw = try redis.connect()
        // "a*b" holds glob characters: unescaped, its pattern would also match layer "aXb".
        let layers = [("a*b", 30), ("aXb", 4), ("a", 20)]
        var bytes: [String: Int] = [:]
        for (layer, count) in layers {
            for index in 0..<count {
                let value = TileValueCodec.encode(sampleTile(size: 100 + index, seed: UInt8(index)))
                bytes[layer, default: 0] += value.readableBytes
                let key = tileKey(layer, x: index).description
                #expect(try raw.set(key, value: value, expireSeconds: nil) == .status("OK"))
            }
        }
        #expect(try raw.run(["SET", "unrelated", "x"]) == .status("OK"))

        // A small batch makes SCAN and UNLINK take several rounds.
        let keyspace = try RedisKeyspace(url: redis.url, batchSize: 7)
        #expect(try keyspace.stats(layer: "a*b") == .init(keys: 30, bytes: bytes["a*b"]!))
        #expect(try keyspace.stats(layer: "a") == .init(keys: 20, bytes: bytes["a"]!))
        #expect(try keyspace.stats(layer: "none") == .init(keys: 0, bytes: 0))

        #expect(try keyspace.purge(layer: "a*b") == 30)
        #expect(try keyspace.stats(layer: "a*b") == .init(keys: 0, bytes: 0))
        #expect(try keyspace.stats(layer: "aXb").keys == 4)
        #expect(try keyspace.stats(layer: "a").keys == 20)
        #expect(try raw.run(["DBSIZE"]) == .integer(4 + 20 + 1))
        #expect(try keyspace.purge(layer: "a*b") == 0)
    }

    @Test func anUnreachableRedisIsAConnectionError() {
        let port = freeLoopbackPort()
        #expect(throws: RedisError.self) {
            _ = try RedisKeyspace(url: RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port)), timeout: .seconds(1))
        }
    }
}
