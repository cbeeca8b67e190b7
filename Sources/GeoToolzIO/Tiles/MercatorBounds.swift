/// An axis-aligned rectangle in EPSG:3857 metres.
public struct MercatorBounds: Sendable, Hashable, CustomStringConvertible {
    public var minX: Double
    public var minY: Double
    public var maxX: Double
    public var maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    /// Whether the two rectangles share some area; touching edges share none.
    public func intersects(_ other: MercatorBounds) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }

    /// The smallest rectangle holding both.
    public func union(_ other: MercatorBounds) -> MercatorBounds {
        MercatorBounds(
            minX: min(minX, other.minX), minY: min(minY, other.minY),
            maxX: max(maxX, other.maxX), maxY: max(maxY, other.maxY))
    }

    /// The part of both, or nil when they do not intersect.
    public func intersection(_ other: MercatorBounds) -> MercatorBounds? {
        guard intersects(other) else { return nil }
        return MercatorBounds(
            minX: max(minX, other.minX), minY: max(minY, other.minY),
            maxX: min(maxX, other.maxX), maxY: min(maxY, other.maxY))
    }

    /// The rectangle grown by `margin` metres on every side.
    public func expanded(by margin: Double) -> MercatorBounds {
        MercatorBounds(minX: minX - margin, minY: minY - margin, maxX: maxX + margin, maxY: maxY + margin)
    }

    /// The same area in longitude/latitude.
    public var geographic: GeoBounds {
        let southWest = WebMercatorQuad.lonLat(x: minX, y: minY)
        let northEast = WebMercatorQuad.lonLat(x: maxX, y: maxY)
        return GeoBounds(
            west: southWest.longitude, south: southWest.latitude,
            east: northEast.longitude, north: northEast.latitude)
    }

    public var description: String { "[\(minX), \(minY), \(maxX), \(maxY)]" }
}
