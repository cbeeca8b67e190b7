import NIOConcurrencyHelpers

/// A thread-safe map holding at most `capacity` entries, dropping the least recently used.
///
/// Meant for small tables filled rarely and read often (stored pipelines, the layers built for
/// them): a read is a hash lookup, an insertion past capacity scans for the oldest entry.
final class LRUCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        var value: Value
        var lastUse: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(capacity: Int) {
        precondition(capacity > 0, "an LRU cache holds at least one entry")
        self.capacity = capacity
    }

    /// The value under `key`, marked as just used.
    func get(_ key: Key) -> Value? {
        state.withLockedValue { state in
            guard var entry = state.entries[key] else { return nil }
            state.clock += 1
            entry.lastUse = state.clock
            state.entries[key] = entry
            return entry.value
        }
    }

    /// Stores `value` under `key`; returns the entry dropped to make room, if any.
    @discardableResult
    func set(_ key: Key, _ value: Value) -> (key: Key, value: Value)? {
        state.withLockedValue { state in
            state.clock += 1
            var dropped: (key: Key, value: Value)?
            if state.entries[key] == nil, state.entries.count >= capacity,
                let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })
            {
                state.entries[oldest.key] = nil
                dropped = (oldest.key, oldest.value.value)
            }
            state.entries[key] = Entry(value: value, lastUse: state.clock)
            return dropped
        }
    }

    /// How many entries are held.
    var count: Int { state.withLockedValue { $0.entries.count } }
}
