import Foundation
import GeoToolzIO
import NIOConcurrencyHelpers

#if canImport(Glibc)
    import Glibc
#endif

/// The tiles a seeding run has finished, kept in a file so an interrupted run can continue
/// where it stopped (`geotoolz prewarm --resume FILE`).
///
/// The file is plain text, appended to as the run goes:
///
///     # geotoolz prewarm resume log v1
///     # scale 1
///     # layer elevation 5be0…c1 9a3f…07
///     elevation/9/85/197
///     elevation/9/86/197
///
/// One line per finished tile: rendered, found cached, or outside the data — never a failed one,
/// so a resumed run retries those. A `# layer` line gives the layer's identity (its pipeline and
/// data) for the tiles after it: when a layer changes, its tiles recorded before no longer count
/// (their cache keys changed too), and the run appends the new identity. Zooms and area may
/// change between runs: recorded tiles the new plan holds are skipped, others are ignored.
/// A log of another scale is refused.
///
/// Lines are written in batches, each followed by `fsync`, at least once a second: a crash or a
/// `kill -9` loses at most the last second's lines, whose tiles the next run finds in the cache.
/// A line torn by a crash is ignored.
public final class ResumeLog: @unchecked Sendable {
    public let path: String
    /// Tiles the log held when opened, of those the plan covers.
    public let recordedCount: Int
    /// Layers whose recorded tiles were ignored because the layer changed since they were recorded.
    public let changedLayers: [String]
    private let recorded: [UInt64]
    // Guarded by `lock`.
    private var state: WriteState
    private let lock = NIOLock()
    private let batchSize: Int
    private let interval: Duration

    private struct WriteState {
        var descriptor: Int32
        var pending: [UInt8] = []
        var pendingLines = 0
        var lastFlush = ContinuousClock.now
        var failure: PrewarmError?
    }

    private static let header = "# geotoolz prewarm resume log v1"

    /// Opens the log of a run over `plan` at `scale`: reads the tiles it records, or creates it.
    public init(
        path: String, plan: TilePlan, scale: Int, batchSize: Int = 256, interval: Duration = .seconds(1)
    ) throws(PrewarmError) {
        self.path = path
        self.batchSize = max(batchSize, 1)
        self.interval = interval
        let current = Dictionary(plan.layers.map { ($0.name, $0.identity) }, uniquingKeysWith: { first, _ in first })
        var bits = [UInt64](repeating: 0, count: (plan.count + 63) / 64)
        var count = 0
        // Bytes up to the end of the last whole line; a torn line after them is cut off.
        var wholeLines: Int?
        var isNew = true
        // The identity in force at the end of the file, per layer.
        var logged = [String: String]()
        var changed = Set<String>()
        // An empty file is a log whose run stopped before writing anything.
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber,
            size.intValue > 0
        {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw PrewarmError("cannot read the resume log \(path)")
            }
            isNew = false
            let text = String(decoding: data, as: UTF8.self)
            var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
            // After the last newline comes nothing, or a line a crash left unfinished: it names no
            // finished tile (even if it parses: "9/85/19" may be "9/85/197" cut short).
            if data.last != UInt8(ascii: "\n") {
                wholeLines = (data.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0) - data.startIndex
            }
            lines.removeLast()
            guard lines.first == Substring(Self.header) else {
                throw PrewarmError("\(path) is not a geotoolz prewarm resume log")
            }
            for (number, line) in lines.enumerated().dropFirst() {
                if line.hasPrefix("# scale ") {
                    guard line.dropFirst("# scale ".count) == Substring(String(scale)) else {
                        throw PrewarmError(
                            "\(path) records tiles at \(line.dropFirst("# scale ".count))x; this run renders @\(scale)x"
                        )
                    }
                } else if line.hasPrefix("# layer ") {
                    let words = line.dropFirst("# layer ".count).split(separator: " ", maxSplits: 1)
                    guard words.count == 2 else { throw PrewarmError("\(path):\(number + 1): a bad layer line") }
                    logged[String(words[0])] = String(words[1])
                } else if !line.hasPrefix("#") {
                    guard let (layer, tile) = Self.parse(line, grid: plan.grid) else {
                        throw PrewarmError("\(path):\(number + 1): expected LAYER/Z/X/Y, found '\(line.prefix(80))'")
                    }
                    guard let identity = current[layer] else { continue }
                    guard logged[layer] == identity else {
                        changed.insert(layer)
                        continue
                    }
                    guard let index = plan.index(layer: layer, tile: tile) else { continue }
                    let (word, bit) = (index / 64, UInt64(1) << UInt64(index % 64))
                    if bits[word] & bit == 0 { count += 1 }
                    bits[word] |= bit
                }
            }
        }
        recorded = bits
        recordedCount = count
        changedLayers = plan.layers.map(\.name).filter(changed.contains)

        let descriptor = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PrewarmError("cannot write the resume log \(path): \(String(cString: strerror(errno)))")
        }
        if let wholeLines, ftruncate(descriptor, off_t(wholeLines)) != 0 {
            let reason = String(cString: strerror(errno))
            Glibc.close(descriptor)
            throw PrewarmError("cannot cut the unfinished last line off \(path): \(reason)")
        }
        state = WriteState(descriptor: descriptor)
        var opening = isNew ? "\(Self.header)\n# scale \(scale)\n" : ""
        for layer in plan.layers where logged[layer.name] != layer.identity {
            opening += "# layer \(layer.name) \(layer.identity)\n"
        }
        state.pending = Array(opening.utf8)
        try flush()
    }

    deinit {
        if state.descriptor >= 0 { Glibc.close(state.descriptor) }
    }

    /// Whether the log recorded plan position `index` as finished when it was opened.
    public func contains(_ index: Int) -> Bool {
        let word = index / 64
        return word < recorded.count && recorded[word] & (UInt64(1) << UInt64(index % 64)) != 0
    }

    /// Records `tile` of `layer` as finished; writes the batch out when it is due.
    public func record(layer: String, tile: GridTile) throws(PrewarmError) {
        let line = "\(layer)/\(tile.zoom)/\(tile.x)/\(tile.y)\n"
        lock.lock()
        defer { lock.unlock() }
        state.pending.append(contentsOf: line.utf8)
        state.pendingLines += 1
        if state.pendingLines >= batchSize || ContinuousClock.now - state.lastFlush >= interval {
            try Self.write(&state, path: path)
        }
    }

    /// Writes out and syncs what is not on disk yet.
    public func flush() throws(PrewarmError) {
        lock.lock()
        defer { lock.unlock() }
        try Self.write(&state, path: path)
    }

    /// Flushes and closes the file.
    public func close() throws(PrewarmError) {
        lock.lock()
        defer { lock.unlock() }
        try Self.write(&state, path: path)
        if state.descriptor >= 0 {
            Glibc.close(state.descriptor)
            state.descriptor = -1
        }
    }

    /// `LAYER/Z/X/Y` of a tile in `grid` (the plan's: a log belongs to one plan).
    private static func parse(_ line: Substring, grid: TileMatrixSet) -> (String, GridTile)? {
        let parts = line.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4, !parts[0].isEmpty, let z = Int(parts[1]), let x = Int(parts[2]),
            let y = Int(parts[3]), let tile = try? GridTile(grid, zoom: z, x: x, y: y)
        else { return nil }
        return (String(parts[0]), tile)
    }

    private static func write(_ state: inout WriteState, path: String) throws(PrewarmError) {
        if let failure = state.failure { throw failure }
        guard !state.pending.isEmpty else { return }
        guard state.descriptor >= 0 else { throw PrewarmError("the resume log \(path) is closed") }
        var failure: PrewarmError?
        state.pending.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = Glibc.write(state.descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = PrewarmError("cannot write the resume log \(path): \(String(cString: strerror(errno)))")
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(state.descriptor) != 0 {
            failure = PrewarmError("cannot sync the resume log \(path): \(String(cString: strerror(errno)))")
        }
        if let failure {
            state.failure = failure
            throw failure
        }
        state.pending.removeAll(keepingCapacity: true)
        state.pendingLines = 0
        state.lastFlush = ContinuousClock.now
    }
}
