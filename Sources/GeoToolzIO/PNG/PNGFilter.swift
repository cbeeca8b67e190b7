import CPNGEncoder
import GeoToolz

/// The PNG row filter: a per-row predictor that makes pixels compress better, at some cost.
///
/// `up` is the default: on real tiles it is as fast as no filter and gives the smallest files
/// of the fast filters, for RGBA and for palette tiles alike (compact palette entries keep the
/// colormap's order, so neighbouring indices stay close).
public enum PNGFilter: String, ConfigChoice {
    case none
    case sub
    case up
    case average
    case paeth
    /// libpng tries every filter on every row: smallest files, slowest.
    case adaptive

    var libpngFilter: gtz_png_filter {
        switch self {
        case .none: GTZ_PNG_FILTER_NONE
        case .sub: GTZ_PNG_FILTER_SUB
        case .up: GTZ_PNG_FILTER_UP
        case .average: GTZ_PNG_FILTER_AVERAGE
        case .paeth: GTZ_PNG_FILTER_PAETH
        case .adaptive: GTZ_PNG_FILTER_ADAPTIVE
        }
    }
}
