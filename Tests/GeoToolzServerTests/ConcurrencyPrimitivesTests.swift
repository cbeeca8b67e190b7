import Foundation
import GeoToolzServer
import NIOCore
import NIOPosix
import Testing

@Suite struct RenderPoolTests {
    @Test func runsEveryAcceptedJobAndRefusesPastCapacity() throws {
        let pool = RenderPool(threads: 1, capacity: 2)
        let gate = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        // One job occupies the thread; two fill the queue; the fourth is refused.
        var accepted = 0
        for index in 0..<3 {
            done.enter()
            if pool.submit({
                gate.wait()
                done.leave()
            }) {
                accepted += 1
            }
            // The first job is on the thread before the others queue behind it.
            if index == 0 { #expect(eventually { pool.busyThreads == 1 }) }
        }
        #expect(accepted == 3)
        #expect(pool.submit({}) == false)
        #expect(pool.queueDepth == 2)
        for _ in 0..<3 { gate.signal() }
        #expect(done.wait(timeout: .now() + 10) == .success)
        pool.shutdown()
        #expect(pool.submit({}) == false)
    }
}

@Suite struct SingleFlightTests {
    @Test func concurrentCallersShareOneRun() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let flights = SingleFlight<String, Int>()
        let runs = NSLock()
        nonisolated(unsafe) var count = 0
        nonisolated(unsafe) var complete: (@Sendable (Result<Int, any Error>) -> Void)?
        let start: (@escaping @Sendable (Result<Int, any Error>) -> Void) -> Bool = { finish in
            runs.lock()
            count += 1
            runs.unlock()
            complete = finish
            return true
        }
        let loop = group.next()
        let first = flights.run("tile", on: loop, refusal: CancellationError(), start: start)
        let second = flights.run("tile", on: loop, refusal: CancellationError(), start: start)
        let other = flights.run("other", on: loop, refusal: CancellationError()) { finish in
            finish(.success(7))
            return true
        }
        #expect(count == 1)
        #expect(flights.inFlight == 1)
        complete!(.success(42))
        #expect(try first.wait() == 42)
        #expect(try second.wait() == 42)
        #expect(try other.wait() == 7)
        #expect(flights.inFlight == 0)
    }

    @Test func aRefusedStartFailsEveryWaiter() throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        defer { try? group.syncShutdownGracefully() }
        let flights = SingleFlight<String, Int>()
        let future = flights.run("tile", on: group.next(), refusal: CancellationError()) { _ in false }
        #expect(throws: CancellationError.self) { try future.wait() }
        #expect(flights.inFlight == 0)
    }
}

@Suite struct MemoryTileCacheTests {
    func key(_ n: Int) -> TileKey {
        TileKey(layer: "l", configHash: "h", dataIdentity: "d", tile: TileAddress(z: 5, x: n, y: 0))
    }

    func tile(_ size: Int) -> CachedTile {
        CachedTile(png: ByteBuffer(repeating: 1, count: size), warnings: [])
    }

    @Test func evictsTheLeastRecentlyUsedToStayWithinBytes() {
        let cache = MemoryTileCache(capacityBytes: 300)
        cache.put(key(1), tile(100))
        cache.put(key(2), tile(100))
        cache.put(key(3), tile(100))
        #expect(cache.get(key(1)) != nil)  // 1 is now the most recent
        cache.put(key(4), tile(100))  // evicts 2
        #expect(cache.get(key(2)) == nil)
        #expect(cache.get(key(1)) != nil && cache.get(key(3)) != nil && cache.get(key(4)) != nil)
        #expect(cache.usage.entries == 3 && cache.usage.bytes == 300)
        cache.put(key(5), tile(250))  // evicts until it fits
        #expect(cache.usage.bytes <= 300)
        #expect(cache.get(key(5)) != nil)
        cache.put(key(6), tile(301))  // larger than the whole cache: not kept
        #expect(cache.get(key(6)) == nil)
    }

    @Test func replacingAValueUpdatesTheByteCount() {
        let cache = MemoryTileCache(capacityBytes: 1000)
        cache.put(key(1), tile(100))
        cache.put(key(1), tile(400))
        #expect(cache.usage.entries == 1 && cache.usage.bytes == 400)
    }

    @Test func keysCarryEverythingThatMakesTheBytes() {
        let address = TileAddress(z: 12, x: 654, y: 1583, scale: 2)
        let key = TileKey(layer: "dem", configHash: "abc", dataIdentity: "d1", tile: address)
        #expect(key.description == "gz:tile:dem:abc:d1:12:654:1583@2")
        #expect(key != TileKey(layer: "dem", configHash: "abd", dataIdentity: "d1", tile: address))
        #expect(key != TileKey(layer: "dem", configHash: "abc", dataIdentity: "d2", tile: address))
    }
}
