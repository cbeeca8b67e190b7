import NIOCore
import Testing

@testable import GeoToolzCache

@Suite struct MemoryTileCacheTests {
    func key(_ n: Int) -> TileKey {
        TileKey(layer: "l", configHash: "h", dataIdentity: "d", tile: TileAddress(z: 5, x: n, y: 0))
    }

    func tile(_ size: Int) -> CachedTile {
        CachedTile(bytes: ByteBuffer(repeating: 1, count: size), warnings: [])
    }

    @Test func evictsTheLeastRecentlyUsedToStayWithinBytes() {
        let unit = MemoryTileCache.cost(of: tile(100))
        let cache = MemoryTileCache(capacityBytes: 3 * unit)
        cache.put(key(1), tile(100))
        cache.put(key(2), tile(100))
        cache.put(key(3), tile(100))
        #expect(cache.get(key(1)) != nil)  // 1 is now the most recent
        cache.put(key(4), tile(100))  // evicts 2
        #expect(cache.get(key(2)) == nil)
        #expect(cache.get(key(1)) != nil && cache.get(key(3)) != nil && cache.get(key(4)) != nil)
        #expect(cache.usage.entries == 3 && cache.usage.bytes == 3 * unit)
        cache.put(key(5), tile(2 * unit))  // evicts until it fits
        #expect(cache.usage.bytes <= 3 * unit)
        #expect(cache.get(key(5)) != nil)
        cache.put(key(6), tile(3 * unit))  // larger than the whole cache with its overhead: not kept
        #expect(cache.get(key(6)) == nil)
    }

    @Test func replacingAValueUpdatesTheByteCount() {
        let cache = MemoryTileCache(capacityBytes: 10_000)
        cache.put(key(1), tile(100))
        cache.put(key(1), tile(4000))
        #expect(cache.usage.entries == 1 && cache.usage.bytes == MemoryTileCache.cost(of: tile(4000)))
    }

    @Test func entriesCostWhatTheirBuffersAllocateNotOnlyTheirLength() {
        let value = tile(9000)
        #expect(value.bytes.capacity >= 9000)
        #expect(MemoryTileCache.cost(of: value) >= value.bytes.capacity)
    }

    @Test func keysCarryEverythingThatMakesTheBytes() {
        let address = TileAddress(z: 12, x: 654, y: 1583, scale: 2)
        let key = TileKey(layer: "dem", configHash: "abc", dataIdentity: "d1", tile: address)
        #expect(key.description == "gz:tile:dem:abc:d1:12:654:1583@2")
        #expect(key != TileKey(layer: "dem", configHash: "abd", dataIdentity: "d1", tile: address))
        #expect(key != TileKey(layer: "dem", configHash: "abc", dataIdentity: "d2", tile: address))
    }
}
