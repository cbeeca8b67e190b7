import GeoToolz

/// What a layer answers for a tile with no data: outside its bounds or its zoom range.
public enum OutsideTiles: String, ConfigChoice {
    /// No image at all (for HTTP, 204 No Content): clients keep what they show below.
    case empty
    /// A fully transparent PNG of the tile's size.
    case transparent
}
