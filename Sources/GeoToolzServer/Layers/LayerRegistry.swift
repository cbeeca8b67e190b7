import GeoToolzIO
import NIOConcurrencyHelpers

/// The layers being served, replaced whole on reload, or one at a time when a layer's data changes.
///
/// A request takes one snapshot and uses it throughout, so a reload never shows a request half
/// of the old layers and half of the new.
public final class LayerRegistry: Sendable {
    /// An immutable set of layers.
    public struct Snapshot: Sendable {
        /// Layers by name.
        public let layers: [String: Layer]
        /// Names in display order (sorted).
        public let names: [String]
        /// Increases with every reload.
        public let generation: Int
        /// Layers whose source files changed and could not be opened again, by name: their tiles
        /// are refused until the files are readable.
        public let unavailable: [String: UnavailableLayer]
    }

    /// A layer whose data cannot be read as it is now.
    public struct UnavailableLayer: Sendable {
        /// Why, in full (for the log and `/health`, not for tile responses).
        public let reason: String
        /// The files as they were when loading failed; a further change is worth another try.
        public let stamps: [FileStamp]
    }

    private let current: NIOLockedValueBox<Snapshot>

    public init(_ layers: [Layer]) {
        current = NIOLockedValueBox(Self.snapshot(Self.byName(layers), generation: 1, unavailable: [:]))
    }

    /// The layers now.
    public var snapshot: Snapshot { current.withLockedValue { $0 } }

    /// Replaces every layer at once.
    public func replace(with layers: [Layer]) {
        current.withLockedValue {
            $0 = Self.snapshot(Self.byName(layers), generation: $0.generation + 1, unavailable: [:])
        }
    }

    /// Puts `new` in the place of `old`, unless a reload has already replaced `old`; false then.
    @discardableResult
    public func replace(_ old: Layer, with new: Layer) -> Bool {
        current.withLockedValue { snapshot in
            guard snapshot.layers[old.name] === old, new.name == old.name else { return false }
            var layers = snapshot.layers
            layers[new.name] = new
            var unavailable = snapshot.unavailable
            unavailable[new.name] = nil
            snapshot = Self.snapshot(layers, generation: snapshot.generation + 1, unavailable: unavailable)
            return true
        }
    }

    /// Refuses the tiles of `layer` until it is replaced, unless a reload has already replaced it.
    public func markUnavailable(_ layer: Layer, reason: String, stamps: [FileStamp]) {
        current.withLockedValue { snapshot in
            guard snapshot.layers[layer.name] === layer else { return }
            var unavailable = snapshot.unavailable
            unavailable[layer.name] = UnavailableLayer(reason: reason, stamps: stamps)
            snapshot = Self.snapshot(snapshot.layers, generation: snapshot.generation + 1, unavailable: unavailable)
        }
    }

    private static func byName(_ layers: [Layer]) -> [String: Layer] {
        Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    private static func snapshot(_ layers: [String: Layer], generation: Int, unavailable: [String: UnavailableLayer])
        -> Snapshot
    {
        Snapshot(layers: layers, names: layers.keys.sorted(), generation: generation, unavailable: unavailable)
    }
}
