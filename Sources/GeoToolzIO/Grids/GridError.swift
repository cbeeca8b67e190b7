/// Why a window over an area cannot be read.
public enum GridError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The area holds none of the layer's data.
    case outside
    /// Reading it would take `pixels` pixels, more than `limit`, even from the coarsest level.
    case tooManyPixels(pixels: Int, limit: Int)
    /// A mosaic would warp `files` files, more than its `max_files_per_tile`, with no overview.
    case tooManyFiles(Int)
    /// The area cannot be placed in the source's CRS.
    case unprojectable(String)
    /// The layer (named) serves an archive's stored tiles: it has no source pixels.
    case storedTilesOnly(String)

    public var description: String {
        switch self {
        case .outside: "the area holds none of the layer's data"
        case .tooManyPixels(let pixels, let limit):
            "the area needs \(pixels) pixels even from the coarsest level, more than \(limit)"
        case .tooManyFiles(let files): "the area spans \(files) files of the mosaic, more than it reads at once"
        case .unprojectable(let why): "the area cannot be placed on the source's grid: \(why)"
        case .storedTilesOnly(let name): Layer.storedTilesOnly(name)
        }
    }
}
