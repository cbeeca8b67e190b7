import CGDAL
import GeoToolz

/// A prepared `GDALWarpOptions`: bands, nodata, resampling and transformer of one kind of read,
/// built once per warper and reused for every tile of that kind.
final class WarpOptions {
    let pointer: UnsafeMutablePointer<GDALWarpOptions>

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
        options.pointee.pfnTransformer = level.transformer
        options.pointee.pTransformerArg = level.transformerArgument
        self.pointer = options
    }

    deinit { GDALDestroyWarpOptions(pointer) }

    /// Makes the next warp give up once `deadline` passes (nil: never). GDAL asks the progress
    /// callback at the start of the warp and after every row its kernel writes; the callback
    /// answering FALSE fails the warp with `CPLE_UserInterrupt`.
    func cancel(at deadline: RenderDeadline?) {
        if let deadline {
            pointer.pointee.pfnProgress = cancelAtDeadline
            // The deadline travels as the argument's bits: the callback needs no thread-local
            // state and holds no reference, whichever thread GDAL calls it on.
            pointer.pointee.pProgressArg = UnsafeMutableRawPointer(bitPattern: UInt(deadline.uptimeNanoseconds))
        } else {
            pointer.pointee.pfnProgress = GDALDummyProgress
            pointer.pointee.pProgressArg = nil
        }
    }

    /// A copy of `values` in memory GDAL frees with the options.
    private static func allocate<T>(_ values: [T]) -> UnsafeMutablePointer<T> {
        let memory = CPLMalloc(MemoryLayout<T>.stride * max(values.count, 1))!.bindMemory(
            to: T.self, capacity: values.count)
        for (index, value) in values.enumerated() { memory[index] = value }
        return memory
    }
}

/// GDAL's progress callback for a warp under a deadline: TRUE to go on, FALSE to stop.
private let cancelAtDeadline: GDALProgressFunc = { _, _, argument in
    guard let argument else { return 1 }
    return RenderDeadline(uptimeNanoseconds: UInt64(UInt(bitPattern: argument))).hasPassed ? 0 : 1
}
