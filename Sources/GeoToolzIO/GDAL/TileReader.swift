import GeoToolz

/// Reads windows of one raster as `GeoTensor`s, the way `gdalwarp` would warp them: tiles in
/// EPSG:3857, other grids in their own CRS.
///
/// The raster is opened once to learn its shape. Each thread that reads gets its own dataset
/// handles and warp state (GDAL handles are not thread-safe), made on its first read and reused
/// afterwards, so one reader serves concurrent tile requests without reopening anything.
///
/// A read picks the source overview gdalwarp would pick, applies the source's nodata value or
/// mask, and leaves every pixel without valid source data NaN.
public final class TileReader: Sendable {
    /// What the raster is.
    public let info: RasterSourceInfo
    /// gdalwarp's `-et`: the largest error, in pixels, of the linear approximation of the
    /// reprojection (0 = project every pixel exactly).
    public let errorThreshold: Double
    /// The files GDAL reads for the raster (the file itself, a VRT's sources, sidecars), as GDAL
    /// lists them when it opens it.
    public let files: [String]
    let warpers: ResourcePool<SourceWarper>
    let opener: DatasetOpener

    /// Opens the raster at `path` with handle sets for `handles` threads ready; a further
    /// concurrent reader gets its own on first use. Every handle is opened within `confinement`
    /// (see `SourceConfinement`); nil opens `path` as given, for a path the caller vetted.
    public init(
        path: String, errorThreshold: Double = 0.125, handles: Int = 1, confinement: SourceConfinement? = nil
    ) throws(GDALError) {
        let opener = DatasetOpener(confinement: confinement)
        let dataset = try opener.open(path)
        let info = try opener.guarding { () throws(GDALError) in try RasterSourceInfo.describe(dataset, path: path) }
        self.info = info
        self.errorThreshold = errorThreshold
        self.files = DatasetHandle.fileList(of: dataset.pointer)
        self.opener = opener
        var ready = [try SourceWarper(info: info, dataset: dataset, opener: opener, errorThreshold: errorThreshold)]
        while ready.count < handles {
            ready.append(
                try SourceWarper(info: info, dataset: opener.open(path), opener: opener, errorThreshold: errorThreshold)
            )
        }
        // Handles opened while serving fail into HTTP responses: their refusals name no outside path.
        let serving = opener.redacted
        self.warpers = ResourcePool(initial: ready) { () throws(GDALError) -> SourceWarper in
            try SourceWarper(info: info, dataset: serving.open(path), opener: serving, errorThreshold: errorThreshold)
        }
    }

    /// Whether `bounds` shares any area with the raster's footprint: a window that does not
    /// holds no data, and is known to be empty without reading.
    public func covers(_ bounds: MercatorBounds) -> Bool {
        info.mercatorBounds.intersects(bounds)
    }

    /// Reads `bands` (numbered from 1; nil = every data band) onto `window`'s grid. `noData`,
    /// when given, marks nodata in every band instead of the file's own nodata values.
    ///
    /// Under a render deadline (`RenderDeadline.current`) the warp is cancelled once the
    /// deadline passes and the read throws `RenderDeadlineExceeded`; otherwise failures are
    /// `GDALError`s.
    public func read(
        _ window: RasterWindow, bands: [Int]? = nil, resampling: Resampling = .nearest, noData: Double? = nil
    ) throws -> GeoTensor {
        try read(window.grid, bands: bands, resampling: resampling, noData: noData, reusable: true)
    }

    /// Reads `bands` onto a grid in any CRS, as `gdalwarp -t_srs CRS -te … -ts …` would. The warp
    /// state of such a read is made for it alone (tiles keep theirs from read to read).
    public func read(
        _ window: GridWindow, bands: [Int]? = nil, resampling: Resampling = .nearest, noData: Double? = nil
    ) throws -> GeoTensor {
        try read(window, bands: bands, resampling: resampling, noData: noData, reusable: false)
    }

    func read(
        _ window: GridWindow, bands: [Int]?, resampling: Resampling, noData: Double?, reusable: Bool,
        level: SourceLevel? = nil
    ) throws -> GeoTensor {
        let bands = bands ?? info.dataBands
        guard !bands.isEmpty else { throw GDALError("reading \(info.path)", "no bands were asked for") }
        for band in bands where !(1...info.bandCount).contains(band) {
            throw GDALError(
                "reading \(info.path)", "band \(band) does not exist (the raster has \(info.bandCount) bands)")
        }
        let deadline = RenderDeadline.current
        do {
            return try opener.guarding { () throws(GDALError) in
                try warpers.withResource { warper throws(GDALError) in
                    try warper.read(
                        window, bands: bands, resampling: resampling, noData: noData, reusable: reusable, level: level)
                }
            }
        } catch {
            // A warp its progress callback stopped fails as GDAL's "User terminated". Any read
            // failing once the deadline has passed is over budget, whatever GDAL says, and is
            // answered as such rather than as a broken source.
            if let deadline, deadline.hasPassed { throw RenderDeadlineExceeded(deadline: deadline) }
            throw error
        }
    }

    /// Reads one tile, `tileSize` pixels a side, padded by `halo` pixels on every side.
    public func read(
        tile: TileID, tileSize: Int = WebMercatorQuad.tileSize, halo: Int = 0, bands: [Int]? = nil,
        resampling: Resampling = .nearest
    ) throws -> GeoTensor {
        try read(RasterWindow(tile: tile, tileSize: tileSize, halo: halo), bands: bands, resampling: resampling)
    }

    /// How many per-thread handle sets are idle, for checking that reads reuse them.
    var idleWarperCount: Int { warpers.idleCount }
}
