import Foundation

/// One rendered tile: the encoded file and what it took to make it.
public struct RenderedTile: Sendable {
    /// The tile.
    public let tile: GridTile
    /// Its pixel density: 1 for 256-pixel tiles, 2 for 512-pixel (`@2x`) tiles.
    public let scale: Int
    /// The encoded file.
    public let data: Data
    /// Its format.
    public let format: TileFormat
    /// How a PNG stores its pixels (nil for other formats).
    public let form: PNGForm?
    /// The time spent per stage.
    public let timings: RenderTimings
    /// Quality-control warnings the pipeline raised.
    public let warnings: [String]
}

/// A render that cannot be done as asked.
public struct RenderError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
