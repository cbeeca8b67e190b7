import CGDAL
import GeoToolz

/// A prepared `GDALWarpOptions`: bands, nodata, resampling and transformer of one kind of read,
/// built once per warper and reused for every tile of that kind, with the warp operation made
/// from them when it can be kept (see `keptOperation`).
final class WarpOptions {
    let pointer: UnsafeMutablePointer<GDALWarpOptions>
    /// The deadline the progress callback checks, in uptime nanoseconds (0: none). The options
    /// and every operation made from them point at it, so a kept operation follows each read's
    /// deadline.
    private let deadline: UnsafeMutablePointer<UInt64>
    /// The operation `keptOperation` made, destroyed with the options.
    private var operation: GDALWarpOperationH?

    /// Options warping `bands` of `level` into `destination` the way
    /// `gdalwarp -t_srs EPSG:3857 -ot Float32 -dstnodata nan` does.
    init(
        level: WarpLevel, destination: DatasetHandle, bands: [Int], resampling: Resampling, noData override: Double?,
        info: RasterSourceInfo
    ) {
        let options = GDALCreateWarpOptions()!
        options.pointee.hSrcDS = level.dataset.pointer
        options.pointee.hDstDS = destination.pointer
        options.pointee.eResampleAlg = resampling.gdalAlgorithm
        options.pointee.nBandCount = Int32(bands.count)
        options.pointee.panSrcBands = Self.allocate(bands.map { Int32($0) })
        options.pointee.panDstBands = Self.allocate(bands.indices.map { Int32($0 + 1) })
        options.pointee.nSrcAlphaBand = Int32(info.alphaBand ?? 0)
        // Like gdalwarp: when any band declares nodata, each band's own value marks its invalid
        // pixels; a band without one gets a value no pixel holds. An override (`-srcnodata`)
        // replaces every band's value.
        let noData = bands.map { override ?? info.noData[$0 - 1] }
        if noData.contains(where: { $0 != nil }) {
            options.pointee.padfSrcNoDataReal = Self.allocate(noData.map { $0 ?? -1.1e20 })
            options.pointee.padfSrcNoDataImag = Self.allocate([Double](repeating: 0, count: bands.count))
        }
        // Pixels no valid source pixel reaches keep NaN, the tensor's nodata. Declaring NaN as the
        // destination's nodata instead (as `-dstnodata nan` does) gives the same pixels, but makes
        // the warper build destination masks and leave its fast kernels: reads take twice as long.
        options.pointee.papszWarpOptions = CSLSetNameValue(options.pointee.papszWarpOptions, "INIT_DEST", "NaN")
        // One thread per warp, whatever GDAL_NUM_THREADS says: tiles already run on every render
        // thread at once, so GDAL's own warp threads would only add hand-offs and copies of the
        // transformer.
        options.pointee.papszWarpOptions = CSLSetNameValue(options.pointee.papszWarpOptions, "NUM_THREADS", "1")
        options.pointee.pfnTransformer = level.transformer
        options.pointee.pTransformerArg = level.transformerArgument
        deadline = .allocate(capacity: 1)
        deadline.initialize(to: 0)
        options.pointee.pfnProgress = cancelAtDeadline
        options.pointee.pProgressArg = UnsafeMutableRawPointer(deadline)
        self.pointer = options
    }

    deinit {
        if let operation { GDALDestroyWarpOperation(operation) }
        GDALDestroyWarpOptions(pointer)
        deadline.deallocate()
    }

    /// Makes the next warp give up once `deadline` passes (nil: never). GDAL asks the progress
    /// callback at the start of the warp and after every row its kernel writes; the callback
    /// answering FALSE fails the warp with `CPLE_UserInterrupt`.
    func cancel(at deadline: RenderDeadline?) {
        self.deadline.pointee = deadline?.uptimeNanoseconds ?? 0
    }

    /// The warp operation of these options, made on first use and kept for the following reads.
    ///
    /// Making one costs as much as a third of a projected tile's warp (GDAL validates the options
    /// and projects special points), and it is the same work every tile. GDAL computes two
    /// things from the transformer's aim when it makes an operation, and reads them in every
    /// warp: whether the warp is a translation on pixel boundaries (never, when the source is
    /// reprojected) and where the poles land (outside every Web Mercator tile, wherever the
    /// tile). So an operation is kept only for those warps (`WarpLevel.keepsOperations`); any
    /// other warp makes its own with `GDALCreateWarpOperation`.
    func keptOperation() -> GDALWarpOperationH? {
        if let operation { return operation }
        operation = GDALCreateWarpOperation(pointer)
        return operation
    }

    /// A copy of `values` in memory GDAL frees with the options.
    private static func allocate<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let memory = CPLMalloc(MemoryLayout<T>.stride * max(values.count, 1))!.bindMemory(
            to: T.self, capacity: values.count)
        for (index, value) in values.enumerated() { memory[index] = value }
        return memory
    }
}

/// GDAL's progress callback: TRUE to go on, FALSE to stop once the deadline its argument points
/// at (uptime nanoseconds, 0 for none) has passed. It reads only that cell, so it needs no
/// thread-local state, whichever thread GDAL calls it on.
private let cancelAtDeadline: GDALProgressFunc = { _, _, argument in
    guard let nanoseconds = argument?.assumingMemoryBound(to: UInt64.self).pointee, nanoseconds != 0 else {
        return 1
    }
    return RenderDeadline(uptimeNanoseconds: nanoseconds).hasPassed ? 0 : 1
}
