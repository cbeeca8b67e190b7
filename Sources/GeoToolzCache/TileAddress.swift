import GeoToolzIO

/// A tile as a request names it: zoom, column, row (XYZ, rows from the top), scale (1 for
/// 256 px, 2 for 512 px `@2x`) and format (the URL's extension; nil when it has none and the
/// `Accept` header decides), before it is checked against the tile matrix.
public struct TileAddress: Hashable, Sendable, CustomStringConvertible {
    public let z: Int
    public let x: Int
    public let y: Int
    public let scale: Int
    public let format: TileFormat?
    /// The tile matrix set the numbers count in.
    public let grid: TileMatrixSet

    public init(
        z: Int, x: Int, y: Int, scale: Int = 1, format: TileFormat? = .png, grid: TileMatrixSet = .webMercatorQuad
    ) {
        self.z = z
        self.x = x
        self.y = y
        self.scale = scale
        self.format = format
        self.grid = grid
    }

    /// The same tile in `format`.
    public func with(format: TileFormat) -> TileAddress {
        TileAddress(z: z, x: x, y: y, scale: scale, format: format, grid: grid)
    }

    /// The grid's tile, when the address lies in its matrices.
    public var gridTile: GridTile? { try? GridTile(grid, zoom: z, x: x, y: y) }


    public var description: String {
        (grid == .webMercatorQuad ? "" : grid.identifier + "/") + "\(z)/\(x)/\(y)\(scale == 1 ? "" : "@\(scale)x")"
            + (format.map { "." + $0.fileExtension } ?? "")
    }
}
