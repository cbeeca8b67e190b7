import GeoToolzIO
import NIOConcurrencyHelpers

/// The layers being served, replaced whole on reload.
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
    }

    private let current: NIOLockedValueBox<Snapshot>

    public init(_ layers: [Layer]) {
        current = NIOLockedValueBox(Self.snapshot(layers, generation: 1))
    }

    /// The layers now.
    public var snapshot: Snapshot { current.withLockedValue { $0 } }

    /// Replaces every layer at once.
    public func replace(with layers: [Layer]) {
        current.withLockedValue { $0 = Self.snapshot(layers, generation: $0.generation + 1) }
    }

    private static func snapshot(_ layers: [Layer], generation: Int) -> Snapshot {
        let byName = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        return Snapshot(layers: byName, names: byName.keys.sorted(), generation: generation)
    }
}
