import CPNGEncoder
import Foundation
import GeoToolz

/// Writes tiles as PNG files: libpng writes the file, libdeflate compresses the filtered rows.
///
/// A colormapped tensor (one band of palette indices, `palette` set) becomes an indexed PNG
/// holding only the colours the tile uses, at 1, 2, 4 or 8 bits per pixel; anything else becomes
/// RGBA. The files carry no timestamps, so the same tensor and settings give the same bytes.
public struct PNGEncoder: Sendable, Hashable {
    /// The deflate level, 0 (store) … 9 (smallest); low levels are much faster and tiles stay small.
    public var compressionLevel: Int
    /// The row filter of images with a byte or more per pixel; rows packed below a byte are
    /// left unfiltered.
    public var filter: PNGFilter

    /// The least compression level of rows packed below 8 bits per pixel.
    static let packedRowsLevel = 6

    /// An encoder; the defaults favour speed, as a tile server should.
    public init(compressionLevel: Int = 1, filter: PNGFilter = .up) {
        self.compressionLevel = compressionLevel
        self.filter = filter
    }

    /// Encodes a rendered tile.
    public func encode(_ tensor: GeoTensor) throws(PNGError) -> EncodedPNG {
        guard tensor.width > 0, tensor.height > 0 else { throw PNGError("an image needs at least one pixel") }
        guard let palette = tensor.palette else {
            return try encodeRGBA(try RGBAImage.make(tensor), width: tensor.width, height: tensor.height)
        }
        guard tensor.bands == 1 else {
            throw PNGError("a colormapped tile has one band of palette indices, this one has \(tensor.bands)")
        }
        guard let image = try PaletteImage.make(tensor, palette: palette) else {
            return try encodeRGBA(
                RGBAImage.expanding(tensor, palette: palette), width: tensor.width, height: tensor.height)
        }
        return try encodePalette(image, width: tensor.width, height: tensor.height)
    }

    /// A fully transparent image: what a tile without data looks like.
    ///
    /// Made once per layer, so it is compressed hard.
    public func encodeTransparent(width: Int, height: Int) throws(PNGError) -> EncodedPNG {
        let image = PaletteImage(
            indices: [UInt8](repeating: 0, count: width * height), rgb: [0, 0, 0], alpha: [0], count: 1)
        let thorough = PNGEncoder(compressionLevel: 9, filter: filter)
        return try thorough.encodePalette(image, width: width, height: height)
    }

    private func encodePalette(_ image: PaletteImage, width: Int, height: Int) throws(PNGError) -> EncodedPNG {
        // Rows packed below a byte per pixel (16 colours or fewer) compress better unfiltered, as
        // the PNG specification advises, and hold at most half the bytes, so a thorough level
        // costs what the fast one costs on a full-byte tile; it keeps such tiles smaller than
        // their RGBA rendering at zlib's default level.
        let packed = image.bitDepth < 8
        let filter = packed ? .none : self.filter
        let level = packed ? max(compressionLevel, Self.packedRowsLevel) : compressionLevel
        let data = try image.indices.withUnsafeBufferPointer { indices throws(PNGError) in
            try image.rgb.withUnsafeBufferPointer { rgb throws(PNGError) in
                try image.alpha.withUnsafeBufferPointer { alpha throws(PNGError) in
                    var description = gtz_png_image(
                        pixels: indices.baseAddress, width: UInt32(width), height: UInt32(height),
                        layout: GTZ_PNG_PALETTE, bit_depth: Int32(image.bitDepth), palette_rgb: rgb.baseAddress,
                        palette_count: Int32(image.count), palette_alpha: alpha.baseAddress,
                        alpha_count: Int32(image.alpha.count), compression_level: Int32(level),
                        filter: filter.libpngFilter)
                    return try Self.run(&description)
                }
            }
        }
        return EncodedPNG(data: data, form: .palette(colors: image.count, bitDepth: image.bitDepth))
    }

    private func encodeRGBA(_ pixels: [UInt8], width: Int, height: Int) throws(PNGError) -> EncodedPNG {
        let data = try pixels.withUnsafeBufferPointer { pixels throws(PNGError) in
            var description = gtz_png_image(
                pixels: pixels.baseAddress, width: UInt32(width), height: UInt32(height), layout: GTZ_PNG_RGBA,
                bit_depth: 8, palette_rgb: nil, palette_count: 0, palette_alpha: nil, alpha_count: 0,
                compression_level: Int32(compressionLevel), filter: filter.libpngFilter)
            return try Self.run(&description)
        }
        return EncodedPNG(data: data, form: .rgba)
    }

    /// Calls the C encoder and adopts its buffer without copying.
    private static func run(_ image: inout gtz_png_image) throws(PNGError) -> Data {
        var output = gtz_png_output()
        guard gtz_png_encode(&image, &output) == 0, let bytes = output.data else {
            let message = withUnsafeBytes(of: output.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw PNGError(message.isEmpty ? "libpng failed" : message)
        }
        return Data(bytesNoCopy: bytes, count: output.size, deallocator: .free)
    }
}
