import CJPEGEncoder

/// How much colour resolution a JPEG keeps beside full-resolution brightness.
public enum JPEGSubsampling: String, CaseIterable, Sendable, Hashable {
    /// Full colour resolution: largest files, for sharp coloured edges.
    case none = "4:4:4"
    /// Colour halved horizontally.
    case horizontal = "4:2:2"
    /// Colour halved both ways: the smallest files, which eyes barely tell apart on imagery.
    case both = "4:2:0"

    var turboJPEG: gtz_jpeg_subsampling {
        switch self {
        case .none: GTZ_JPEG_444
        case .horizontal: GTZ_JPEG_422
        case .both: GTZ_JPEG_420
        }
    }
}
