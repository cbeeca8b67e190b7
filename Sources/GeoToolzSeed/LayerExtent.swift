import GeoToolzIO

/// What planning a seeding run needs to know of a layer: where and at which zooms it has tiles,
/// and what identifies its tiles' contents.
public struct LayerExtent: Sendable, Hashable {
    /// The layer's name, as in tile URLs and cache keys.
    public let name: String
    /// The zooms the layer serves.
    public let zooms: ClosedRange<Int>
    /// Where the layer has data.
    public let bounds: MercatorBounds
    /// Changes whenever the layer's tiles would change (pipeline, data); ties a resume log to
    /// the tiles it recorded.
    public let identity: String

    public init(name: String, zooms: ClosedRange<Int>, bounds: MercatorBounds, identity: String) {
        self.name = name
        self.zooms = zooms
        self.bounds = bounds
        self.identity = identity
    }

    /// The extent of a loaded layer.
    public init(_ layer: Layer) {
        self.init(
            name: layer.name, zooms: layer.minZoom...layer.maxZoom, bounds: layer.mercatorBounds,
            identity: "\(layer.configHash) \(layer.dataIdentity)")
    }
}
