/// Bounds on the work of one `/bbox`, `/preview.png` or `/statistics` request.
public struct QueryLimits: Sendable {
    /// The most pixels an image (`/bbox`, `/preview.png`) may hold, the pipeline's halo
    /// included. 16 Mpx, a 4096 × 4096 image: about 64 MB of Float32 per band read.
    public var maxPixels = 4096 * 4096
    /// The most pixels `/statistics` reads; an area that would take more at full resolution is
    /// read from the finest overview within it. 2 Mpx (about 1448 × 1448): every value is read
    /// and sorted (for exact percentiles) twice, for the sources and for the pipeline, and a
    /// debug build on a busy machine still does that well within the default render budget.
    public var statisticsMaxPixels = 2 << 20
    /// The most percentiles `p` may ask for.
    public static let maxPercentiles = 32
    /// The most positions a posted GeoJSON area may hold over all its rings.
    public static let maxAreaPositions = 20_000
    /// The most histogram bins.
    public static let maxBins = 1000
    /// The longest side `max_size` and an image's `width`/`height` may give, whatever
    /// `maxPixels` allows: a 1-pixel-high strip 16 million wide is no image.
    public static let maxSide = 65_536

    public init() {}
}
