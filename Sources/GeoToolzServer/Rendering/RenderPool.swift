import Foundation

/// A fixed set of threads that run render jobs, fed by a bounded queue.
///
/// Rendering never runs on an event loop, so cached and cheap responses never wait behind it;
/// and the queue is bounded, so when renders arrive faster than the threads finish them the
/// server refuses new ones (503) instead of letting latency grow without bound. Threads live
/// as long as the pool, so per-thread state (e.g. GDAL dataset handles) is reused across tiles.
public final class RenderPool: @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [() -> Void] = []
    private var head = 0
    private var stopping = false
    private var threads: [Thread] = []
    private var running = 0
    /// Threads that have left `work`.
    private var exited = 0
    /// Jobs that may wait at once.
    public let capacity: Int

    /// Starts `threads` render threads and a queue of `capacity` waiting jobs.
    public init(threads count: Int, capacity: Int) {
        precondition(count > 0 && capacity > 0, "a render pool needs threads and room to queue")
        self.capacity = capacity
        for index in 0..<count {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "geotoolz-render-\(index)"
            thread.stackSize = 8 << 20
            threads.append(thread)
            thread.start()
        }
    }

    /// Queues `job`; false (and `job` dropped) when the queue is full or the pool is stopping.
    public func submit(_ job: @escaping @Sendable () -> Void) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping, jobs.count - head < capacity else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    /// Jobs waiting for a thread.
    public var queueDepth: Int {
        condition.lock()
        defer { condition.unlock() }
        return jobs.count - head
    }

    /// Jobs running now.
    public var busyThreads: Int {
        condition.lock()
        defer { condition.unlock() }
        return running
    }

    /// Lets queued jobs finish, then stops the threads, returning once every thread has left
    /// the pool: a thread that had not started yet starts, finds the pool stopping and leaves, so
    /// none reaches the pool after it is gone.
    public func shutdown() {
        condition.lock()
        stopping = true
        condition.broadcast()
        while exited < threads.count { condition.wait() }
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count && !stopping { condition.wait() }
            if head == jobs.count {
                exited += 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = jobs[head]
            head += 1
            // Compact the queue once the consumed prefix dominates, so it does not grow forever.
            if head > 64 && head * 2 > jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            running += 1
            condition.unlock()

            job()

            condition.lock()
            running -= 1
            if stopping { condition.broadcast() }
            condition.unlock()
        }
    }
}
