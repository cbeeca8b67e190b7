import GeoToolzIO
import NIOConcurrencyHelpers
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
    private let state = NIOLockedValueBox(State())

    private struct Key: Hashable, Sendable {
        let layer: String
        let configHash: String
        let dataIdentity: String
        let query: String
    }

    private struct Entry {
        let base: Layer
        let derived: Layer
        var used: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var clock: UInt64 = 0
    }

    init(pool: RenderPool, capacity: Int = 64) {
        precondition(capacity > 0, "a table of derived layers holds at least one")
        self.pool = pool
        self.capacity = capacity
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
                    store(key, Entry(base: base, derived: derived, used: 0))
                    complete(.success(derived))
                } catch {
                    complete(.failure(error))
                }
            }
        }
    }

    /// Derived layers held now.
    var count: Int { state.withLockedValue { $0.entries.count } }

    private func cached(_ key: Key, _ base: Layer) -> Layer? {
        state.withLockedValue { state in
            guard let entry = state.entries[key], entry.base === base else { return nil }
            state.clock += 1
            state.entries[key]!.used = state.clock
            return entry.derived
        }
    }

    private func store(_ key: Key, _ entry: Entry) {
        state.withLockedValue { state in
            state.clock += 1
            var entry = entry
            entry.used = state.clock
            state.entries[key] = entry
            // A scan of at most `capacity` entries, only when one is added.
            while state.entries.count > capacity,
                let oldest = state.entries.min(by: { $0.value.used < $1.value.used })?.key
            {
                state.entries[oldest] = nil
            }
        }
    }
}
