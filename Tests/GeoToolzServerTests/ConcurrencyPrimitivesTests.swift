import Foundation
import GeoToolzServer
import NIOPosix
import TestSupport
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
