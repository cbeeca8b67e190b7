/// One tile of the WebMercatorQuad tile matrix set, in the XYZ scheme: rows count from the top.
public struct TileID: Sendable, Hashable, CustomStringConvertible {
    /// The zoom level, 0…`WebMercatorQuad.maxZoom`.
    public let zoom: Int
    /// The column, 0…2^zoom − 1, west to east.
    public let x: Int
    /// The row, 0…2^zoom − 1, north to south.
    public let y: Int

    /// A tile; fails when the zoom or the position is outside the matrix set.
    public init(zoom: Int, x: Int, y: Int) throws(TileError) {
        guard (0...WebMercatorQuad.maxZoom).contains(zoom) else { throw .zoomOutOfRange(zoom) }
        let count = 1 << zoom
        guard (0..<count).contains(x), (0..<count).contains(y) else {
            throw .positionOutOfRange(zoom: zoom, x: x, y: y)
        }
        self.zoom = zoom
        self.x = x
        self.y = y
    }

    /// Parses `Z/X/Y`, as written in tile URLs.
    public init(_ text: String) throws(TileError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let zoom = Int(parts[0]), let x = Int(parts[1]), let y = Int(parts[2]) else {
            throw .malformed(text)
        }
        try self.init(zoom: zoom, x: x, y: y)
    }

    /// `Z/X/Y`.
    public var description: String { "\(zoom)/\(x)/\(y)" }
}

/// A tile address that does not name a tile.
public enum TileError: Error, Sendable, Hashable, CustomStringConvertible {
    case malformed(String)
    case zoomOutOfRange(Int)
    case positionOutOfRange(zoom: Int, x: Int, y: Int)

    public var description: String {
        switch self {
        case .malformed(let text): "'\(text)' is not a tile address (expected Z/X/Y)"
        case .zoomOutOfRange(let zoom): "zoom \(zoom) is outside 0…\(WebMercatorQuad.maxZoom)"
        case .positionOutOfRange(let zoom, let x, let y):
            "tile \(zoom)/\(x)/\(y) does not exist: at zoom \(zoom) x and y run from 0 to \((1 << zoom) - 1)"
        }
    }
}
