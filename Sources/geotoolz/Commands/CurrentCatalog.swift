import Foundation
import GeoToolzIO

/// The catalog `geotoolz serve` loaded last (at start or on SIGHUP), which layers whose data
/// changed are loaded again from.
final class CurrentCatalog: @unchecked Sendable {
    // Safe to send: `catalog` is only touched under `lock`.
    private let lock = NSLock()
    private var catalog: LayerCatalog

    init(_ catalog: LayerCatalog) {
        self.catalog = catalog
    }

    /// Replaces the catalog after a reload.
    func replace(with catalog: LayerCatalog) {
        lock.withLock { self.catalog = catalog }
    }

    /// Loads the layer called `name` again from its file; nil when it is no longer defined.
    func reloadLayer(named name: String) throws -> Layer? {
        try lock.withLock { catalog }.reloadLayer(named: name)
    }
}
