import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// An open file descriptor read and written at explicit offsets (pread/pwrite), so threads share
/// it without a shared position. Closed when released.
final class ArchiveFile: @unchecked Sendable {
    // Safe to send: the descriptor is immutable and pread/pwrite carry their own offsets.
    let descriptor: Int32
    let path: String

    /// Opens `path` with `flags` (O_CLOEXEC is added), creating it with mode 0644 when asked.
    init(path: String, flags: Int32) throws(TileArchiveError) {
        let descriptor = open(path, flags | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let error = errno
            throw TileArchiveError(
                error == ENOENT ? .notFound : .io, path: path, "cannot open: \(Self.describe(error))")
        }
        self.descriptor = descriptor
        self.path = path
    }

    deinit {
        close(descriptor)
    }

    /// The file's size in bytes.
    func size() throws(TileArchiveError) -> UInt64 {
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw failure("cannot stat") }
        return UInt64(status.st_size)
    }

    /// Exactly `count` bytes at `offset`; fails when the file ends before.
    func read(at offset: UInt64, count: Int) throws(TileArchiveError) -> Data {
        var data = Data(count: count)
        let got = data.withUnsafeMutableBytes { readFully(into: $0, at: offset) }
        guard got >= 0 else { throw failure("cannot read \(count) bytes at \(offset)") }
        guard got == count else {
            throw TileArchiveError(.corrupt, path: path, "ends before \(count) bytes at offset \(offset)")
        }
        return data
    }

    /// Reads into `buffer` at `offset` until it is full or the file ends: the count read, or −1.
    func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) -> Int {
        var done = 0
        while done < buffer.count {
            let got = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset) + off_t(done))
            if got < 0 && errno == EINTR { continue }
            if got < 0 { return -1 }
            if got == 0 { break }
            done += got
        }
        return done
    }

    /// Writes all of `bytes` at `offset`.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: UInt64) throws(TileArchiveError) {
        var done = 0
        while done < bytes.count {
            let wrote = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(offset) + off_t(done))
            if wrote < 0 && errno == EINTR { continue }
            guard wrote > 0 else { throw failure("cannot write \(bytes.count) bytes at \(offset)") }
            done += wrote
        }
    }

    func write(_ bytes: [UInt8], at offset: UInt64) throws(TileArchiveError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(TileArchiveError) in try write(buffer, at: offset) }
        }
        try result.get()
    }

    func truncate(to size: UInt64) throws(TileArchiveError) {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw failure("cannot truncate to \(size) bytes") }
    }

    /// Flushes the file's data to the disk.
    func sync() throws(TileArchiveError) {
        guard fdatasync(descriptor) == 0 else { throw failure("cannot flush to disk") }
    }

    /// Takes an exclusive advisory lock, or fails at once when another process holds one.
    func lockExclusively() throws(TileArchiveError) {
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            throw TileArchiveError(.busy, path: path, "another writer is using this partial archive")
        }
    }

    func failure(_ what: String) -> TileArchiveError {
        TileArchiveError(.io, path: path, "\(what): \(Self.describe(errno))")
    }

    static func describe(_ error: Int32) -> String { String(cString: strerror(error)) }
}

/// File-system steps around finishing an archive.
enum ArchivePaths {
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Removes `path` if it exists.
    static func remove(_ path: String) throws(TileArchiveError) {
        guard unlink(path) == 0 || errno == ENOENT else {
            throw TileArchiveError(.io, path: path, "cannot remove: \(ArchiveFile.describe(errno))")
        }
    }

    /// Renames `temporary` over `path` and flushes the directory, so the archive appears whole
    /// or not at all, and stays after a crash.
    static func publish(_ temporary: String, as path: String) throws(TileArchiveError) {
        guard rename(temporary, path) == 0 else {
            throw TileArchiveError(.io, path: path, "cannot rename \(temporary) to it: \(ArchiveFile.describe(errno))")
        }
        let directory = (path as NSString).deletingLastPathComponent
        if let handle = try? ArchiveFile(path: directory.isEmpty ? "." : directory, flags: O_RDONLY | O_DIRECTORY) {
            fsync(handle.descriptor)
        }
    }
}
