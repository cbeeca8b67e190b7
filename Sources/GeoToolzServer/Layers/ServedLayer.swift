import GeoToolz

/// One tile of a tile matrix, at a scale (1 for 256 px, 2 for 512 px `@2x`).
public struct TileAddress: Hashable, Sendable, CustomStringConvertible {
    public let z: Int
    public let x: Int
    public let y: Int
    public let scale: Int

    public init(z: Int, x: Int, y: Int, scale: Int = 1) {
        self.z = z
        self.x = x
        self.y = y
        self.scale = scale
    }

    /// Whether x and y lie inside the 2^z × 2^z matrix of zoom z.
    public var isInMatrix: Bool {
        z >= 0 && z <= 30 && x >= 0 && y >= 0 && x < (1 << z) && y < (1 << z)
    }

    public var description: String { "\(z)/\(x)/\(y)\(scale == 1 ? "" : "@\(scale)x")" }
}

/// Longitude/latitude bounds in degrees.
public struct GeographicBounds: Sendable, Hashable {
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
}

/// What the server answers for a valid tile outside a layer's data.
public enum OutsideTileAnswer: String, Sendable {
    /// `204 No Content`.
    case noContent
    /// A fully transparent PNG of the tile's size.
    case transparent
}

/// A rendered tile and what it cost.
public struct RenderedTile: Sendable {
    /// PNG bytes.
    public var png: [UInt8]
    /// Seconds spent reading, running operators and encoding.
    public var readSeconds: Double
    public var operatorSeconds: Double
    public var encodeSeconds: Double
    /// Quality-control warnings from the pipeline.
    public var warnings: [String]

    public init(
        png: [UInt8], readSeconds: Double = 0, operatorSeconds: Double = 0, encodeSeconds: Double = 0,
        warnings: [String] = []
    ) {
        self.png = png
        self.readSeconds = readSeconds
        self.operatorSeconds = operatorSeconds
        self.encodeSeconds = encodeSeconds
        self.warnings = warnings
    }
}

/// What the server needs of a layer: who it is, where its data lies, and how to render a tile.
public protocol ServedLayer: Sendable {
    var name: String { get }
    var title: String { get }
    var bounds: GeographicBounds { get }
    var minZoom: Int { get }
    var maxZoom: Int { get }
    var attribution: String? { get }
    /// The layer's full config, as it describes itself at `/layers/{name}`.
    var config: ConfigValue { get }
    /// The hash of the layer's pipeline config.
    var configHash: String { get }
    /// Identifies the source data's bytes (e.g. size and modification time of each file).
    var dataIdentity: String { get }
    var outsideAnswer: OutsideTileAnswer { get }
    /// Seconds a tile may stay in the shared cache; nil keeps it until evicted.
    var cacheTTL: Int? { get }
    /// Whether the tile overlaps the data; answered without reading.
    func covers(_ tile: TileAddress) -> Bool
    /// Renders a tile: read, operators, encode. Called from render threads, concurrently.
    func render(_ tile: TileAddress) throws -> RenderedTile
    /// A fully transparent PNG of `size` × `size` pixels.
    func transparentPNG(size: Int) -> [UInt8]
}
