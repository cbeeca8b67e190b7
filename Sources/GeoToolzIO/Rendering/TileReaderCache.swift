import Foundation

/// Readers by path, so layers reading the same raster share its handles and its metadata.
public final class TileReaderCache: @unchecked Sendable {
    // Safe to send: `readers` is only touched under `lock`; readers themselves are Sendable.
    private let lock = NSLock()
    private var readers: [ReaderKey: TileReader] = [:]
    /// Handle sets each reader opens up front: one per thread expected to render at once.
    private let handles: Int

    public init(handles: Int = 1) {
        self.handles = max(1, handles)
    }

    /// The reader of `path` with `errorThreshold`, opened within `confinement` on first use.
    public func reader(_ path: String, errorThreshold: Double, confinement: SourceConfinement? = nil)
        throws(GDALError) -> TileReader
    {
        let key = ReaderKey(path: path, errorThreshold: errorThreshold, confinement: confinement)
        if let reader = lock.withLock({ readers[key] }) { return reader }
        let reader = try TileReader(
            path: path, errorThreshold: errorThreshold, handles: handles, confinement: confinement)
        return lock.withLock {
            if let raced = readers[key] { return raced }
            readers[key] = reader
            return reader
        }
    }
}

/// What makes two readers the same: one opened within another confinement is another reader.
private struct ReaderKey: Hashable {
    let path: String
    let errorThreshold: Double
    let confinement: SourceConfinement?
}
