import Foundation

/// Readers by path, so layers reading the same raster share its handles and its metadata; and
/// mosaics by what they name, so a layer derived from another (a posted pipeline) does not list,
/// open and index thousands of files again.
public final class TileReaderCache: @unchecked Sendable {
    // Safe to send: `readers` and `mosaics` are only touched under `lock`; what they hold is Sendable.
    private let lock = NSLock()
    private var readers: [ReaderKey: TileReader] = [:]
    private var mosaics: [MosaicKey: MosaicSource] = [:]
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

extension TileReaderCache {
    /// What makes two mosaics the same: the paths as written and everything a load depends on.
    struct MosaicKey: Hashable {
        let paths: [String]
        let bands: [Int]?
        let options: MosaicOptions
        let confinement: SourceConfinement
        let errorThreshold: Double
        let openFiles: Int
    }

    /// The mosaic loaded for `key`, made by `make` the first time. Membership is decided by that
    /// first load: a new cache (a catalog loaded again) looks at the directories again.
    func mosaic(_ key: MosaicKey, make: () throws(MosaicError) -> MosaicSource) throws(MosaicError) -> MosaicSource {
        if let mosaic = lock.withLock({ mosaics[key] }) { return mosaic }
        let made = try make()
        return lock.withLock {
            if let raced = mosaics[key] { return raced }
            mosaics[key] = made
            return made
        }
    }
}

/// What makes two readers the same: one opened within another confinement is another reader.
private struct ReaderKey: Hashable {
    let path: String
    let errorThreshold: Double
    let confinement: SourceConfinement?
}
