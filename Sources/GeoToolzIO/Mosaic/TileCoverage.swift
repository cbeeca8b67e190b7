/// What a layer has for a tile, known without reading any pixel.
public enum TileCoverage: Sendable, Hashable {
    /// Some source has data there: the tile is rendered.
    case data
    /// No source has data there: the tile is answered as the layer's `outside` says.
    case outside
    /// A mosaic would need `files` files for the tile, more than its `max_files_per_tile`, and
    /// has no overview to read instead: answered as outside, for this reason.
    case tooManyFiles(Int)

    /// Whether the tile is rendered.
    public var hasData: Bool { self == .data }
}
