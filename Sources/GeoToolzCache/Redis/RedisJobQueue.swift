import Foundation
import GeoToolz

/// A bounded first-in first-out queue of jobs for the Redis threads.
///
/// Its storage is allocated once, so queueing a lookup allocates nothing.
final class RedisJobQueue<Job: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var slots: [Job?]
    private var head = 0
    private var count = 0
    private var closed = false

    init(capacity: Int) {
        precondition(capacity > 0, "a Redis job queue needs room for one job")
        slots = Array(repeating: nil, count: capacity)
    }

    /// Queues `job`; false when the queue is full or closed.
    func push(_ job: Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !closed, count < slots.count else { return false }
        slots[(head + count) % slots.count] = job
        count += 1
        condition.signal()
        return true
    }

    /// What waiting for a job gave.
    enum Next {
        case job(Job)
        case timedOut
        case closed
    }

    /// The oldest job, waiting for one at most `timeout` (forever when nil).
    func pop(timeout: Duration?) -> Next {
        let limit = timeout.map { Date(timeIntervalSinceNow: $0.seconds) }
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed {
            if let limit {
                if !condition.wait(until: limit) && count == 0 && !closed { return .timedOut }
            } else {
                condition.wait()
            }
        }
        guard !closed, let job = slots[head] else { return .closed }
        slots[head] = nil
        head = (head + 1) % slots.count
        count -= 1
        return .job(job)
    }

    /// Closes the queue, wakes every waiting thread, and returns the jobs left in it.
    func close() -> [Job] {
        condition.lock()
        defer { condition.unlock() }
        closed = true
        var left: [Job] = []
        while count > 0 {
            if let job = slots[head] { left.append(job) }
            slots[head] = nil
            head = (head + 1) % slots.count
            count -= 1
        }
        condition.broadcast()
        return left
    }
}
