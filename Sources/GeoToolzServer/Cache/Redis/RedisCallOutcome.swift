import Foundation
import NIOCore

/// The result of a blocking Redis call, handed from a Redis thread to the waiting caller.
final class RedisCallOutcome<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// nil until fulfilled; then the value, or nil for "unavailable".
    private var outcome: Value??

    /// Sets the result; later calls are ignored.
    func fulfil(_ value: Value?) {
        condition.lock()
        defer { condition.unlock() }
        guard outcome == nil else { return }
        outcome = .some(value)
        condition.broadcast()
    }

    /// Waits for the result until `deadline`; nil when it is "unavailable" or did not come in time.
    func wait(until deadline: NIODeadline) -> Value? {
        let seconds = Double(Int64(deadline.uptimeNanoseconds) - Int64(NIODeadline.now().uptimeNanoseconds)) / 1e9
        let limit = Date(timeIntervalSinceNow: max(seconds, 0))
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil {
            if !condition.wait(until: limit) { break }
        }
        return outcome ?? nil
    }
}
