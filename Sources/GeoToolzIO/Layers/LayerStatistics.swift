import GeoToolz

/// Statistics of a layer over an area, at its first source's own resolution: of each band its
/// sources give and of each band its pipeline gives before the final colormap, over the same
/// pixels (those whose centres fall inside the area).
public struct LayerStatistics: Sendable {
    /// The pixels read: a window on a source's full raster, or on an overview when the full
    /// raster would take more than the limit.
    public let grid: NativeGrid
    /// Each source band (in the order `Layer.sourceBands` lists them) with its statistics.
    public let bands: [BandStatistics]
    /// Each band of the pipeline's values.
    public let pipeline: [BandStatistics]
    /// The pixels of the window inside the area.
    public let pixelsInside: Int

    /// Reads `area` from `layer` on a grid of at most `maxPixels` pixels and takes the statistics:
    /// `percentiles` (0…100) and a histogram of `bins` bins for every band. Throws `GridError`
    /// when no grid fits, a read's errors otherwise.
    public init(_ layer: Layer, over area: AreaPolygons, maxPixels: Int, percentiles: [Double], bins: Int) throws {
        let grid = try layer.nativeGrid(over: area.bounds, maxPixels: maxPixels)
        let inside = try area.mask(on: grid.window)
        var bands = [BandStatistics]()
        for tensor in try layer.read(grid) {
            for band in 0..<tensor.bands {
                bands.append(
                    try BandStatistics(band: tensor.band(band), inside: inside, percentiles: percentiles, bins: bins))
            }
        }
        let values = try layer.values(grid)
        var pipeline = [BandStatistics]()
        for band in 0..<values.bands {
            pipeline.append(
                try BandStatistics(band: values.band(band), inside: inside, percentiles: percentiles, bins: bins))
        }
        self.grid = grid
        self.bands = bands
        self.pipeline = pipeline
        self.pixelsInside = inside.reduce(0) { $0 + ($1 ? 1 : 0) }
    }
}
