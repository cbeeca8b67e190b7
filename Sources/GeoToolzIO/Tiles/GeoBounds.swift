/// A longitude/latitude rectangle in degrees (WGS 84).
public struct GeoBounds: Sendable, Hashable, CustomStringConvertible {
    public var west: Double
    public var south: Double
    public var east: Double
    public var north: Double

    public init(west: Double, south: Double, east: Double, north: Double) {
        self.west = west
        self.south = south
        self.east = east
        self.north = north
    }

    /// The part of both, or nil when they share no area (touching edges share none).
    public func intersection(_ other: GeoBounds) -> GeoBounds? {
        let part = GeoBounds(
            west: max(west, other.west), south: max(south, other.south), east: min(east, other.east),
            north: min(north, other.north))
        return part.west < part.east && part.south < part.north ? part : nil
    }

    /// The same area in EPSG:3857, latitudes clamped to the matrix set's ±85.05°.
    public var mercator: MercatorBounds {
        let southWest = WebMercatorQuad.mercator(longitude: west, latitude: south)
        let northEast = WebMercatorQuad.mercator(longitude: east, latitude: north)
        return MercatorBounds(minX: southWest.x, minY: southWest.y, maxX: northEast.x, maxY: northEast.y)
    }

    public var description: String { "[\(west), \(south), \(east), \(north)]" }
}
