import Foundation

/// Writes a POSIX ustar archive to a file, member by member; files are copied in chunks, so a
/// large input never sits whole in memory.
public final class TarWriter {
    private let handle: FileHandle
    private var written = 0
    /// Bytes copied at a time from a file.
    private static let chunk = 1 << 20
    /// GNU tar's record: archives are padded to a whole number of them.
    private static let record = 20 * TarHeader.blockSize

    /// A new archive at `path`, replacing any file there.
    public init(path: String) throws(TarError) {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw TarError("cannot create \(path)") }
        self.handle = handle
    }

    deinit { try? handle.close() }

    /// Adds a member holding `data`.
    public func add(_ name: String, data: Data) throws(TarError) {
        try write(TarHeader(name: name, size: data.count).encoded())
        try write(data)
        try pad(data.count)
    }

    /// Adds a member holding the file at `path`, which must keep its size while it is copied.
    public func add(_ name: String, contentsOf path: String) throws(TarError) {
        guard let input = FileHandle(forReadingAtPath: path) else { throw TarError("cannot read \(path)") }
        defer { try? input.close() }
        let size: Int
        do {
            size = Int(try input.seekToEnd())
            try input.seek(toOffset: 0)
        } catch {
            throw TarError("cannot read \(path): \(error.localizedDescription)")
        }
        try write(TarHeader(name: name, size: size).encoded())
        var copied = 0
        while copied < size {
            let piece: Data?
            do { piece = try input.read(upToCount: min(Self.chunk, size - copied)) } catch {
                throw TarError("cannot read \(path): \(error.localizedDescription)")
            }
            guard let piece, !piece.isEmpty else { throw TarError("\(path) shrank while it was archived") }
            try write(piece)
            copied += piece.count
        }
        try pad(size)
    }

    /// Ends the archive (two zero blocks, padded to a whole record) and closes the file.
    public func finish() throws(TarError) {
        let end = 2 * TarHeader.blockSize
        let total = written + end
        let padded = (total + Self.record - 1) / Self.record * Self.record
        try write(Data(count: padded - written))
        do { try handle.close() } catch { throw TarError("cannot close the archive: \(error.localizedDescription)") }
    }

    private func pad(_ size: Int) throws(TarError) {
        let rest = size % TarHeader.blockSize
        if rest != 0 { try write(Data(count: TarHeader.blockSize - rest)) }
    }

    private func write(_ bytes: [UInt8]) throws(TarError) {
        try write(Data(bytes))
    }

    private func write(_ data: Data) throws(TarError) {
        do { try handle.write(contentsOf: data) } catch {
            throw TarError("cannot write the archive: \(error.localizedDescription)")
        }
        written += data.count
    }
}
