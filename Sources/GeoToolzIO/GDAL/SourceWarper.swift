import CGDAL
import GeoToolz

/// Everything one thread needs to read tiles of one raster: the dataset handle and transformer
/// of each level (the full raster and every overview, opened up front so no tile pays for it),
/// and the destination buffers and warp options of each kind of read, made on first use and
/// kept for the following tiles. Never used by two threads at once (see `ResourcePool`).
///
/// Tiles target EPSG:3857, whose levels are built with the warper. A window in another CRS gets
/// levels of its own, built on its first read (PROJ's set-up is the costly part) over the same
/// dataset handles, and kept beside them.
final class SourceWarper {
    let info: RasterSourceInfo
    let fullResolution: WarpLevel
    /// The overviews, by GDAL's overview index.
    private let overviews: [WarpLevel]
    /// The levels of destination CRSs other than EPSG:3857, made on first use.
    private var otherLevels: [GridCRS: (full: WarpLevel, overviews: [WarpLevel])] = [:]
    private let errorThreshold: Double
    private var destinations: [DestinationShape: DatasetHandle] = [:]
    private var prepared: [WarpKind: WarpOptions] = [:]
    /// Sample points of the overview choice, reused from tile to tile.
    private var sampleX = [Double](repeating: 0, count: sampleCount)
    private var sampleY = [Double](repeating: 0, count: sampleCount)
    private var sampleZ = [Double](repeating: 0, count: sampleCount)
    private var sampleOK = [Int32](repeating: 0, count: sampleCount)

    /// Destination CRSs besides EPSG:3857 whose levels are kept at once.
    private static let otherCRSLimit = 4
    private static let samplesPerSide = 10
    private static let sampleCount = samplesPerSide * samplesPerSide

    /// `opener` opens the overview levels, within the same confinement as `dataset`.
    init(info: RasterSourceInfo, dataset: DatasetHandle, opener: DatasetOpener, errorThreshold: Double)
        throws(GDALError)
    {
        self.info = info
        self.errorThreshold = errorThreshold
        self.fullResolution = try WarpLevel(dataset: dataset, errorThreshold: errorThreshold)
        var overviews = [WarpLevel]()
        for overview in info.overviewWidths.indices {
            overviews.append(
                try WarpLevel(
                    dataset: opener.open(info.path, overviewLevel: overview), errorThreshold: errorThreshold))
        }
        self.overviews = overviews
    }

    /// Warps `bands` (numbered from 1) onto `window`'s grid, in the window's CRS. With `reusable`
    /// (tiles: a few shapes read over and over), the destination buffer and warp options are kept
    /// for the next read of the same kind; other reads (a box of any size a client asks for) make
    /// them for this read only, so their memory is not held.
    /// `level` picks the source level instead of gdalwarp's rule: a grid laid on a level's own
    /// pixels reads exactly them, where the rule could tip to the finer level on rounding.
    func read(
        _ window: GridWindow, bands: [Int], resampling: Resampling, noData: Double? = nil, reusable: Bool = true,
        level chosen: SourceLevel? = nil
    ) throws(GDALError) -> GeoTensor {
        let transform = window.transform
        let (full, overviews) = try levels(for: window.crs)
        full.aim(at: transform)
        let overview: Int?
        switch chosen {
        case nil: overview = overviewIndex(for: window, full: full)
        case .fullResolution: overview = nil
        case .overview(let index):
            guard overviews.indices.contains(index) else {
                throw GDALError("reading \(info.path)", "overview \(index) does not exist")
            }
            overview = index
        }
        let level = overview.map { overviews[$0] } ?? full
        if level !== full { level.aim(at: transform) }
        let shape = DestinationShape(width: window.width, height: window.height, bands: bands.count)
        let kind = WarpKind(
            crs: window.crs, overview: overview, bands: bands, resampling: resampling,
            noDataBits: noData?.bitPattern, shape: shape)
        let destination: DatasetHandle
        let options: WarpOptions
        if reusable {
            destination = try self.destination(shape)
            options = self.options(for: kind, level: level, destination: destination)
        } else {
            destination = try DatasetHandle.memory(width: shape.width, height: shape.height, bands: shape.bands)
            options = WarpOptions(
                level: level, destination: destination, bands: bands, resampling: resampling, noData: noData, info: info
            )
        }
        options.cancel(at: RenderDeadline.current)
        let keep = reusable && window.crs.isWebMercator && level.keepsOperations
        try GDALRuntime.check("warping \(info.path)") {
            if keep {
                guard let operation = options.keptOperation() else { return CE_Failure }
                return GDALChunkAndWarpImage(operation, 0, 0, Int32(window.width), Int32(window.height))
            }
            guard let operation = GDALCreateWarpOperation(options.pointer) else { return CE_Failure }
            defer { GDALDestroyWarpOperation(operation) }
            return GDALChunkAndWarpImage(operation, 0, 0, Int32(window.width), Int32(window.height))
        }
        let count = bands.count * window.width * window.height
        var status = CE_None
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            status = GDALDatasetRasterIO(
                destination.pointer, GF_Read, 0, 0, Int32(window.width), Int32(window.height),
                buffer.baseAddress, Int32(window.width), Int32(window.height), GDT_Float32,
                Int32(bands.count), nil, 0, 0, 0)
            initialized = status == CE_None ? count : 0
        }
        guard status == CE_None else {
            throw GDALError("copying the warped pixels of \(info.path)", String(cString: CPLGetLastErrorMsg()))
        }
        return GeoTensor(
            bands: bands.count, height: window.height, width: window.width, values: values,
            transform: transform, crs: window.crs.definition)
    }

    /// The full-resolution and overview levels warping onto grids in `crs`: EPSG:3857's, built
    /// with the warper, or another CRS's, built over the same datasets on first use.
    private func levels(for crs: GridCRS) throws(GDALError) -> (full: WarpLevel, overviews: [WarpLevel]) {
        if crs.isWebMercator { return (fullResolution, overviews) }
        if let made = otherLevels[crs] { return made }
        if otherLevels.count >= Self.otherCRSLimit {
            // Clients choose these CRSs: keep a few. Options prepared for a level point at its
            // transformer, so they go with it.
            otherLevels.removeAll()
            prepared = prepared.filter { $0.key.crs.isWebMercator }
        }
        let full = try WarpLevel(dataset: fullResolution.dataset, crs: crs, errorThreshold: errorThreshold)
        var levels = [WarpLevel]()
        for overview in overviews {
            levels.append(try WarpLevel(dataset: overview.dataset, crs: crs, errorThreshold: errorThreshold))
        }
        otherLevels[crs] = (full, levels)
        return (full, levels)
    }

    /// The overview gdalwarp would read for this window (nil: the full raster): it compares the
    /// source pixels the window spans horizontally (from a 10 × 10 grid of points) with the
    /// window's width.
    private func overviewIndex(for window: GridWindow, full: WarpLevel) -> Int? {
        guard !overviews.isEmpty else { return nil }
        let side = Self.samplesPerSide
        for column in 0..<side {
            for row in 0..<side {
                sampleX[column * side + row] = Double(window.width) * Double(column) / Double(side - 1)
                sampleY[column * side + row] = Double(window.height) * Double(row) / Double(side - 1)
                sampleZ[column * side + row] = 0
            }
        }
        _ = GDALGenImgProjTransform(
            full.projection, 1, Int32(Self.sampleCount), &sampleX, &sampleY, &sampleZ, &sampleOK)
        var minX = Double.infinity
        var maxX = -Double.infinity
        for index in 0..<Self.sampleCount where sampleOK[index] != 0 {
            minX = min(minX, sampleX[index])
            maxX = max(maxX, sampleX[index])
        }
        guard maxX > minX else { return nil }
        let ratio = (maxX - minX) / Double(window.width)
        return OverviewSelection.level(targetRatio: ratio, fullWidth: info.width, overviewWidths: info.overviewWidths)
    }

    private func options(for kind: WarpKind, level: WarpLevel, destination: DatasetHandle) -> WarpOptions {
        if let existing = prepared[kind] { return existing }
        let made = WarpOptions(
            level: level, destination: destination, bands: kind.bands, resampling: kind.resampling,
            noData: kind.noDataBits.map(Double.init(bitPattern:)), info: info)
        prepared[kind] = made
        return made
    }

    private func destination(_ shape: DestinationShape) throws(GDALError) -> DatasetHandle {
        if let existing = destinations[shape] { return existing }
        let made = try DatasetHandle.memory(width: shape.width, height: shape.height, bands: shape.bands)
        destinations[shape] = made
        return made
    }
}

/// The size of a warp's destination buffer.
private struct DestinationShape: Hashable {
    let width: Int
    let height: Int
    let bands: Int
}

/// What a prepared set of warp options is for.
private struct WarpKind: Hashable {
    let crs: GridCRS
    let overview: Int?
    let bands: [Int]
    let resampling: Resampling
    /// The nodata override's bits: NaN, a valid override, is never equal to itself as a Double.
    let noDataBits: UInt64?
    let shape: DestinationShape
}
