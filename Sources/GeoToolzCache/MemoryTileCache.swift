import NIOConcurrencyHelpers
import NIOCore

/// An in-process least-recently-used cache of encoded tiles, bounded in bytes.
///
/// Tile bytes are `ByteBuffer`s: a hit is written to the socket without copying them.
public final class MemoryTileCache: Sendable {
    public typealias Key = TileKey
    private struct Entry {
        var key: Key
        var value: CachedTile
        var older: Int
        var newer: Int
    }

    private struct State {
        var index: [Key: Int] = [:]
        var entries: [Entry] = []
        var free: [Int] = []
        var newest = -1
        var oldest = -1
        var bytes = 0
    }

    private let state = NIOLockedValueBox(State())
    /// The most bytes of tile data held at once.
    public let capacityBytes: Int

    public init(capacityBytes: Int) {
        self.capacityBytes = capacityBytes
    }

    /// The cached value, now the most recently used.
    public func get(_ key: Key) -> CachedTile? {
        state.withLockedValue { state in
            guard let slot = state.index[key] else { return nil }
            Self.unlink(slot, &state)
            Self.pushNewest(slot, &state)
            return state.entries[slot].value
        }
    }

    /// Stores `value`, evicting the least recently used entries to stay within capacity.
    public func put(_ key: Key, _ value: CachedTile) {
        let size = Self.cost(of: value)
        guard size <= capacityBytes else { return }
        state.withLockedValue { state in
            if let slot = state.index[key] {
                state.bytes += size - Self.cost(of: state.entries[slot].value)
                state.entries[slot].value = value
                Self.unlink(slot, &state)
                Self.pushNewest(slot, &state)
            } else {
                let entry = Entry(key: key, value: value, older: -1, newer: -1)
                let slot: Int
                if let reused = state.free.popLast() {
                    state.entries[reused] = entry
                    slot = reused
                } else {
                    state.entries.append(entry)
                    slot = state.entries.count - 1
                }
                state.index[key] = slot
                state.bytes += size
                Self.pushNewest(slot, &state)
            }
            while state.bytes > capacityBytes, state.oldest >= 0 {
                let victim = state.oldest
                Self.unlink(victim, &state)
                state.bytes -= Self.cost(of: state.entries[victim].value)
                state.index.removeValue(forKey: state.entries[victim].key)
                state.entries[victim].value = CachedTile(bytes: ByteBuffer(), warnings: [])
                state.free.append(victim)
            }
        }
    }

    /// The memory an entry holds: the buffer's allocation (NIO rounds it up to a power of two,
    /// so a tile's length alone undercounts by a third on average) and its key and bookkeeping.
    static func cost(of value: CachedTile) -> Int {
        value.bytes.capacity + entryOverhead
    }

    /// Bytes of key strings, index and list slots per entry, roughly.
    static let entryOverhead = 320

    /// Entries and bytes held.
    public var usage: (entries: Int, bytes: Int) {
        state.withLockedValue { ($0.index.count, $0.bytes) }
    }

    private static func unlink(_ slot: Int, _ state: inout State) {
        let entry = state.entries[slot]
        if entry.older >= 0 { state.entries[entry.older].newer = entry.newer } else { state.oldest = entry.newer }
        if entry.newer >= 0 { state.entries[entry.newer].older = entry.older } else { state.newest = entry.older }
        state.entries[slot].older = -1
        state.entries[slot].newer = -1
    }

    private static func pushNewest(_ slot: Int, _ state: inout State) {
        state.entries[slot].older = state.newest
        state.entries[slot].newer = -1
        if state.newest >= 0 { state.entries[state.newest].newer = slot }
        state.newest = slot
        if state.oldest < 0 { state.oldest = slot }
    }
}
