import Foundation

/// Readers by path, so layers reading the same raster share its handles and its metadata.
public final class TileReaderCache: @unchecked Sendable {
    // Safe to send: `readers` is only touched under `lock`; readers themselves are Sendable.
    private let lock = NSLock()
    private var readers: [String: TileReader] = [:]
    /// Handle sets each reader opens up front: one per thread expected to render at once.
    private let handles: Int

    public init(handles: Int = 1) {
        self.handles = max(1, handles)
    }

    /// The reader of `path` with `errorThreshold`, opened on first use.
    public func reader(_ path: String, errorThreshold: Double) throws(GDALError) -> TileReader {
        let key = "\(errorThreshold) \(path)"
        if let reader = lock.withLock({ readers[key] }) { return reader }
        let reader = try TileReader(path: path, errorThreshold: errorThreshold, handles: handles)
        return lock.withLock {
            if let raced = readers[key] { return raced }
            readers[key] = reader
            return reader
        }
    }
}
