/// A resolution level of a raster: the full raster or one of its overviews.
public enum SourceLevel: Sendable, Hashable {
    case fullResolution
    /// GDAL's overview index: 0 is the finest overview.
    case overview(Int)

    /// The overview index, nil for the full raster.
    public var overviewIndex: Int? {
        if case .overview(let index) = self { return index }
        return nil
    }
}
