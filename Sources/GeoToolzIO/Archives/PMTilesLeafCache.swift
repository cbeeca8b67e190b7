import Foundation

/// Decoded leaf directories by file offset, at most `capacity`, the oldest dropped first: the
/// leaves near the tiles being served stay decoded, and memory stays bounded.
final class PMTilesLeafCache: @unchecked Sendable {
    // Safe to send: both members are touched only under `lock`.
    private let lock = NSLock()
    private let capacity: Int
    private var leaves: [UInt64: [PMTilesEntry]] = [:]
    private var order: [UInt64] = []

    init(capacity: Int) {
        self.capacity = capacity
    }

    subscript(offset: UInt64) -> [PMTilesEntry]? {
        get { lock.withLock { leaves[offset] } }
        set {
            lock.withLock {
                guard let newValue, leaves[offset] == nil else { return }
                if order.count >= capacity { leaves[order.removeFirst()] = nil }
                leaves[offset] = newValue
                order.append(offset)
            }
        }
    }

    /// How many leaves are held (for tests).
    var count: Int { lock.withLock { leaves.count } }
}
