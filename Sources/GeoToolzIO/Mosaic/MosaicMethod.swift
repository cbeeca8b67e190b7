import GeoToolz

/// How the files of a mosaic that overlap at a pixel are combined into that pixel.
///
/// A file counts at a pixel where it is valid there (every band finite after the warp: its
/// nodata, mask and footprint already made NaN). Where no file is valid the pixel is nodata,
/// whatever the method, so a mosaic's gaps stay transparent.
public enum MosaicMethod: String, ConfigChoice {
    /// The first valid file, in sorted path order (the default).
    case first
    /// The last valid file, in sorted path order.
    case last
    /// The highest value of each band over the valid files.
    case highest
    /// The lowest value of each band over the valid files.
    case lowest
    /// The mean of each band over the valid files.
    case mean
    /// How many files are valid: one band, whatever the files hold.
    case count

    /// How many bands the composite of files read with `bands` bands has.
    public func outputBands(reading bands: Int) -> Int {
        self == .count ? 1 : bands
    }
}
