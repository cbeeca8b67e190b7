import GeoToolz

/// Reads windows of one raster as EPSG:3857 `GeoTensor`s, the way `gdalwarp` would warp them.
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
    private let warpers: ResourcePool<SourceWarper>

    /// Opens the raster at `path` (a file path, or a GDAL virtual path the caller vetted), with
    /// handle sets for `handles` threads ready; a further concurrent reader gets its own on
    /// first use.
    public init(path: String, errorThreshold: Double = 0.125, handles: Int = 1) throws(GDALError) {
        let dataset = try DatasetHandle.open(path)
        let info = try RasterSourceInfo.describe(dataset, path: path)
        self.info = info
        self.errorThreshold = errorThreshold
        let make = { () throws(GDALError) -> SourceWarper in
            try SourceWarper(info: info, dataset: DatasetHandle.open(path), errorThreshold: errorThreshold)
        }
        var ready = [try SourceWarper(info: info, dataset: dataset, errorThreshold: errorThreshold)]
        while ready.count < handles { ready.append(try make()) }
        self.warpers = ResourcePool(initial: ready, make: make)
    }

    /// Whether `bounds` shares any area with the raster's footprint: a window that does not
    /// holds no data, and is known to be empty without reading.
    public func covers(_ bounds: MercatorBounds) -> Bool {
        info.mercatorBounds.intersects(bounds)
    }

    /// Reads `bands` (numbered from 1; nil = every data band) onto `window`'s grid.
    public func read(_ window: RasterWindow, bands: [Int]? = nil, resampling: Resampling = .nearest)
        throws(GDALError) -> GeoTensor
    {
        let bands = bands ?? info.dataBands
        guard !bands.isEmpty else { throw GDALError("reading \(info.path)", "no bands were asked for") }
        for band in bands where !(1...info.bandCount).contains(band) {
            throw GDALError(
                "reading \(info.path)", "band \(band) does not exist (the raster has \(info.bandCount) bands)")
        }
        return try warpers.withResource { warper throws(GDALError) in
            try warper.read(window, bands: bands, resampling: resampling)
        }
    }

    /// Reads one tile, `tileSize` pixels a side, padded by `halo` pixels on every side.
    public func read(
        tile: TileID, tileSize: Int = WebMercatorQuad.tileSize, halo: Int = 0, bands: [Int]? = nil,
        resampling: Resampling = .nearest
    ) throws(GDALError) -> GeoTensor {
        try read(RasterWindow(tile: tile, tileSize: tileSize, halo: halo), bands: bands, resampling: resampling)
    }

    /// How many per-thread handle sets are idle, for checking that reads reuse them.
    var idleWarperCount: Int { warpers.idleCount }
}
