import Foundation

/// A PNG file in memory and the form it took.
public struct EncodedPNG: Sendable, Hashable {
    /// The file's bytes.
    public let data: Data
    /// How its pixels are stored.
    public let form: PNGForm
}

/// How a PNG stores its pixels.
public enum PNGForm: Sendable, Hashable, CustomStringConvertible {
    /// Indexed colour: a palette (PLTE, with alphas in tRNS) of `colors` entries and
    /// `bitDepth` bits per pixel.
    case palette(colors: Int, bitDepth: Int)
    /// Eight bits each of red, green, blue and alpha per pixel.
    case rgba

    public var description: String {
        switch self {
        case .palette(let colors, let bitDepth): "palette, \(colors) colours, \(bitDepth)-bit"
        case .rgba: "RGBA"
        }
    }
}
