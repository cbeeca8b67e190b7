/// An axis-aligned rectangle in a grid's CRS units (metres, degrees…).
public struct GridBounds: Sendable, Hashable, CustomStringConvertible {
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

    /// The same rectangle as EPSG:3857 bounds (meaningful only for a Web Mercator grid).
    public init(_ mercator: MercatorBounds) {
        self.init(minX: mercator.minX, minY: mercator.minY, maxX: mercator.maxX, maxY: mercator.maxY)
    }

    public var width: Double { maxX - minX }
    public var height: Double { maxY - minY }

    public var description: String { "[\(minX), \(minY), \(maxX), \(maxY)]" }
}
