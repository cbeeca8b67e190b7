import GeoToolzIO
import NIOCore

/// The layers tile requests' rendering parameters derived from served layers, kept in a
/// bounded least-recently-used table so a repeated request costs only the reading of its query.
///
/// An entry is keyed by the base layer's config hash and data identity and the canonical
/// query, and is used only while its base layer is the one being served: a reloaded layer
/// (even with the same hashes) derives afresh, so no derived layer outlives the data or the
/// handles it was made from. Derivations run on the render pool, since one may read the data
/// for statistics; concurrent requests for the same one share it, and a full pool refuses it.
final class DerivedLayers: Sendable {
    /// The most derived layers kept.
    let capacity: Int
    private let pool: RenderPool
    private let flights = SingleFlight<Key, Layer>()
    private let table: LRUCache<Key, Entry>

    private struct Key: Hashable, Sendable {
        let layer: String
        let configHash: String
        let dataIdentity: String
        let query: String
    }

    private struct Entry: Sendable {
        let base: Layer
        let derived: Layer
    }

    init(pool: RenderPool, capacity: Int = 64) {
        precondition(capacity > 0, "a table of derived layers holds at least one")
        self.pool = pool
        self.capacity = capacity
        table = LRUCache(capacity: capacity)
    }

    /// The layer `parameters` derive from `base`, completing on `eventLoop`; it fails with a
    /// `TileParameterError` when the parameters do not fit the layer, and with
    /// `TileFailure.overloaded` when the render pool is full.
    func layer(_ parameters: TileParameters, of base: Layer, on eventLoop: any EventLoop) -> EventLoopFuture<Layer> {
        let key = Key(
            layer: base.name, configHash: base.configHash, dataIdentity: base.dataIdentity,
            query: parameters.canonicalQuery)
        if let cached = cached(key, base) { return eventLoop.makeSucceededFuture(cached) }
        return flights.run(key, on: eventLoop, refusal: TileFailure.overloaded) { complete in
            pool.submit { [self] in
                do {
                    let derived = try LayerDerivation.derive(base, parameters)
                    table.set(key, Entry(base: base, derived: derived))
                    complete(.success(derived))
                } catch {
                    complete(.failure(error))
                }
            }
        }
    }

    /// Derived layers held now.
    var count: Int { table.count }

    private func cached(_ key: Key, _ base: Layer) -> Layer? {
        guard let entry = table.get(key), entry.base === base else { return nil }
        return entry.derived
    }
}
