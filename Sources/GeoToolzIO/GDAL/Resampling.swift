import CGDAL
import GeoToolz

/// How a read resamples source pixels onto the tile grid: GDAL's warp kernels, named as in
/// layer files.
public enum Resampling: String, ConfigChoice {
    case nearest
    case bilinear
    case cubic
    case cubicspline
    case lanczos
    case average
    case mode
    case min
    case max
    case median
    case q1
    case q3
    case sum
    case rms

    var gdalAlgorithm: GDALResampleAlg {
        switch self {
        case .nearest: GRA_NearestNeighbour
        case .bilinear: GRA_Bilinear
        case .cubic: GRA_Cubic
        case .cubicspline: GRA_CubicSpline
        case .lanczos: GRA_Lanczos
        case .average: GRA_Average
        case .mode: GRA_Mode
        case .min: GRA_Min
        case .max: GRA_Max
        case .median: GRA_Med
        case .q1: GRA_Q1
        case .q3: GRA_Q3
        case .sum: GRA_Sum
        case .rms: GRA_RMS
        }
    }
}
