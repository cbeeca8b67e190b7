import CGDAL
import GeoToolz

/// One resolution level of a source (the full raster or one overview) opened for warping onto
/// grids in one CRS (EPSG:3857 for tiles): its dataset handle and a transformer re-aimed at each
/// window.
///
/// Building the transformer sets up the PROJ pipeline, the costly part of a warp's preparation,
/// so it is built once per level, destination CRS and thread, and only its destination
/// geotransform changes.
final class WarpLevel {
    let dataset: DatasetHandle
    /// Source pixel ↔ destination pixel, exact.
    let projection: UnsafeMutableRawPointer
    /// The linear approximation of `projection` gdalwarp warps with (nil when exact is asked).
    private let approximation: UnsafeMutableRawPointer?
    /// Whether warps of this level may keep one warp operation from tile to tile
    /// (`WarpOptions.keptOperation`): the destination is Web Mercator and the source is
    /// reprojected onto it, so nothing GDAL derives from the aim when making an operation
    /// changes with the tile.
    let keepsOperations: Bool

    init(dataset: DatasetHandle, crs: GridCRS = .webMercator, errorThreshold: Double) throws(GDALError) {
        self.dataset = dataset
        let projection = try GDALRuntime.call("relating the raster's CRS to \(crs)") {
            withStringList(["DST_SRS=\(crs.definition)"]) { options in
                GDALCreateGenImgProjTransformer2(dataset.pointer, nil, options)
            }
        }
        self.projection = projection
        self.keepsOperations = crs.isWebMercator && Self.reprojects(dataset, onto: crs)
        if errorThreshold > 0 {
            let approximation = GDALCreateApproxTransformer(GDALGenImgProjTransform, projection, errorThreshold)
            GDALApproxTransformerOwnsSubtransformer(approximation, 1)
            self.approximation = approximation
        } else {
            self.approximation = nil
        }
    }

    deinit {
        // The approximation owns the projection and destroys both.
        GDALDestroyTransformer(approximation ?? projection)
    }

    /// Whether GDAL reprojects `dataset` to reach `crs`: both CRSs are known and not the same, as
    /// the transformer itself decides.
    private static func reprojects(_ dataset: DatasetHandle, onto crs: GridCRS) -> Bool {
        guard let source = GDALGetSpatialRef(dataset.pointer), let destination = OSRNewSpatialReference(nil) else {
            return false
        }
        defer { OSRDestroySpatialReference(destination) }
        guard OSRSetFromUserInput(destination, crs.definition) == OGRERR_NONE else { return false }
        return OSRIsSame(source, destination) == 0
    }

    /// Points the transformer's destination at `transform`'s pixel grid.
    func aim(at transform: GeoTransform) {
        var coefficients = transform.coefficients
        GDALSetGenImgProjTransformerDstGeoTransform(projection, &coefficients)
    }

    /// The transformer the warper calls.
    var transformer: GDALTransformerFunc {
        approximation == nil ? GDALGenImgProjTransform : GDALApproxTransform
    }

    /// The transformer's state.
    var transformerArgument: UnsafeMutableRawPointer {
        approximation ?? projection
    }
}
