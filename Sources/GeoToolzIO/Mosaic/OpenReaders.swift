import Foundation

/// The readers of a mosaic's files that are open now, at most `capacity`, the least recently
/// used closed first: a mosaic of 10,000 files holds the handles of the files recent tiles read,
/// not 10,000 × render threads.
///
/// A reader is opened on the first tile that needs its file. One evicted while a thread still
/// reads through it stays open until that read ends (the thread holds a reference), then closes.
final class OpenReaders: @unchecked Sendable {
    // Safe to send: `readers`, `order` and `opened` are only touched under `lock`.
    private let lock = NSLock()
    private var readers: [Int: Entry] = [:]
    private var tick = 0
    private var opened = 0
    let capacity: Int
    private let open: @Sendable (Int) throws(GDALError) -> TileReader

    private struct Entry {
        let reader: TileReader
        var used: Int
    }

    /// Keeps at most `capacity` readers, opening the reader of file `i` with `open(i)`.
    init(capacity: Int, open: @escaping @Sendable (Int) throws(GDALError) -> TileReader) {
        self.capacity = max(1, capacity)
        self.open = open
    }

    /// The reader of file `index`, opened now when it is not open.
    func reader(_ index: Int) throws(GDALError) -> TileReader {
        if let reader = lock.withLock({ () -> TileReader? in
            tick += 1
            readers[index]?.used = tick
            return readers[index]?.reader
        }) {
            return reader
        }
        // Opened outside the lock: a slow open must not hold up reads of other files.
        let made = try open(index)
        return lock.withLock {
            tick += 1
            if let raced = readers[index] { return raced.reader }
            opened += 1
            readers[index] = Entry(reader: made, used: tick)
            if readers.count > capacity, let oldest = readers.min(by: { $0.value.used < $1.value.used })?.key {
                readers[oldest] = nil
            }
            return made
        }
    }

    /// How many readers are open now.
    var openCount: Int { lock.withLock { readers.count } }
    /// How many readers were opened since the mosaic loaded (reopenings included).
    var openings: Int { lock.withLock { opened } }
}
