import CPNGEncoder
import GeoToolz

/// How zlib looks for repetition in the filtered rows.
///
/// `runLength` is the default: tile rows filtered with `up` are mostly runs of zeros, which run
/// matching finds at a fraction of the cost of zlib's string search, and the files come out
/// smaller than at zlib's fast levels (measured on the demo layers' tiles).
public enum PNGStrategy: String, ConfigChoice {
    /// zlib's default string matching.
    case standard
    /// Huffman coding favoured over string matching.
    case filtered
    /// Runs of one byte only.
    case runLength = "rle"

    var zlibStrategy: gtz_png_strategy {
        switch self {
        case .standard: GTZ_PNG_STRATEGY_DEFAULT
        case .filtered: GTZ_PNG_STRATEGY_FILTERED
        case .runLength: GTZ_PNG_STRATEGY_RLE
        }
    }
}
