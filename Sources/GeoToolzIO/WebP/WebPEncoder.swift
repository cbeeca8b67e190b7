import CWebPEncoder
import Foundation
import GeoToolz

/// Writes tiles as WebP files with libwebp.
///
/// A colormapped tensor (one band of palette indices, `palette` set) is written losslessly, its
/// palette expanded to RGBA: it decodes to exactly the pixels its PNG does, and libwebp finds the
/// palette again by itself. libwebp orders that palette by its own rules, not in the colormap's
/// order that the PNG encoder keeps and predicts from: on the demo layers such files are larger
/// than the palette PNG. Anything else (grey, RGB, RGBA imagery) is written lossy at `quality`,
/// alpha kept losslessly, so nodata stays transparent. The files carry no metadata and libwebp
/// runs on one thread, so the same tensor and settings give the same bytes.
public struct WebPEncoder: Sendable, Hashable {
    /// Lossy quality, 0 (smallest) … 100 (best).
    public var quality: Float
    /// libwebp's speed/size trade-off, 0 (fastest) … 6 (smallest), for both forms.
    ///
    /// 0 by default. On 17 Landsat tiles (C encoders at -O2) it took 0.7× the PNG encoder's time
    /// for files 1/14 the PNG's size; method 2 made them 18 % smaller at 2.4–3× the time, and
    /// libwebp's own default, 4, 4 % smaller again at three to four times that. On colormapped
    /// tiles, lossless method 4 is 17 % smaller than method 0 at three times the time.
    public var method: Int
    /// Lossless effort, 0 (fastest) … 100 (smallest): efforts up to 50 gained 1–4 % on
    /// colormapped tiles at up to twice the time.
    public var losslessEffort: Float
    /// Writes every tile losslessly, imagery too: for tiles whose bytes are data (terrain
    /// encodings), which lossy compression would turn into wrong heights.
    public var alwaysLossless: Bool

    /// The widest and tallest image WebP holds.
    static let maximumSide = 16383

    /// An encoder; the defaults favour speed, as a tile server should.
    public init(quality: Float = 80, method: Int = 0, losslessEffort: Float = 0, alwaysLossless: Bool = false) {
        self.quality = quality
        self.method = method
        self.losslessEffort = losslessEffort
        self.alwaysLossless = alwaysLossless
    }

    /// Encodes a rendered tile.
    public func encode(_ tensor: GeoTensor) throws(WebPError) -> EncodedWebP {
        guard tensor.width > 0, tensor.height > 0 else { throw WebPError("an image needs at least one pixel") }
        let pixels: [UInt8]
        do {
            pixels = try RGBAImage.converting(tensor)
        } catch {
            throw WebPError(error.message)
        }
        let lossless = alwaysLossless || tensor.palette != nil
        let data = try encode(pixels, width: tensor.width, height: tensor.height, lossless: lossless)
        return EncodedWebP(data: data, form: lossless ? .lossless : .lossy(quality: quality))
    }

    /// A fully transparent image: what a tile without data looks like.
    public func encodeTransparent(width: Int, height: Int) throws(WebPError) -> EncodedWebP {
        guard width > 0, height > 0 else { throw WebPError("an image needs at least one pixel") }
        // Checked before allocating: the C side would refuse it only after.
        guard width <= Self.maximumSide, height <= Self.maximumSide else {
            throw WebPError("a WebP image is at most \(Self.maximumSide) pixels wide and tall")
        }
        let pixels = [UInt8](repeating: 0, count: 4 * width * height)
        return EncodedWebP(data: try encode(pixels, width: width, height: height, lossless: true), form: .lossless)
    }

    private func encode(_ pixels: [UInt8], width: Int, height: Int, lossless: Bool) throws(WebPError) -> Data {
        var output = gtz_webp_output()
        let status = pixels.withUnsafeBufferPointer { pixels in
            var image = gtz_webp_image(
                rgba: pixels.baseAddress, width: UInt32(width), height: UInt32(height), lossless: lossless ? 1 : 0,
                quality: lossless ? losslessEffort : quality, method: Int32(method))
            return gtz_webp_encode(&image, &output)
        }
        guard status == 0, let bytes = output.data else {
            let message = withUnsafeBytes(of: output.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw WebPError(message.isEmpty ? "libwebp failed" : message)
        }
        // Adopts libwebp's buffer without copying; only libwebp may free it.
        return Data(
            bytesNoCopy: bytes, count: output.size, deallocator: .custom { pointer, _ in gtz_webp_free(pointer) })
    }
}
