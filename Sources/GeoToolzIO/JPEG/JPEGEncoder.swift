import CJPEGEncoder
import Foundation
import GeoToolz

/// Writes tiles as baseline JPEG files with TurboJPEG (libjpeg-turbo).
///
/// JPEG holds no alpha, so a tile with any pixel that is not fully opaque (nodata, a translucent
/// colour) is refused with `JPEGError.transparent`, unless `fill` is set: then such pixels are
/// composited onto it. Colormapped tiles are expanded through their palette first. The files
/// carry no timestamps or comments, so the same tensor and settings give the same bytes.
public struct JPEGEncoder: Sendable, Hashable {
    /// Quality, 1 (smallest) … 100 (best).
    public var quality: Int
    /// The colour resolution kept.
    public var subsampling: JPEGSubsampling
    /// The background transparent pixels are composited onto; nil refuses them.
    public var fill: RGB?

    /// An encoder at the usual quality for imagery, colour subsampled 4:2:0.
    public init(quality: Int = 85, subsampling: JPEGSubsampling = .both, fill: RGB? = nil) {
        self.quality = quality
        self.subsampling = subsampling
        self.fill = fill
    }

    /// Encodes a rendered tile.
    public func encode(_ tensor: GeoTensor) throws(JPEGError) -> EncodedJPEG {
        guard tensor.width > 0, tensor.height > 0 else { throw .encoding("an image needs at least one pixel") }
        var pixels: [UInt8]
        do {
            pixels = try RGBAImage.converting(tensor)
        } catch {
            throw .encoding(error.message)
        }
        let filled = try flatten(&pixels)
        return EncodedJPEG(data: try encode(pixels, width: tensor.width, height: tensor.height), filledPixels: filled)
    }

    /// A tile without data: the fill colour, or refused when there is none.
    public func encodeTransparent(width: Int, height: Int) throws(JPEGError) -> EncodedJPEG {
        guard width > 0, height > 0 else { throw .encoding("an image needs at least one pixel") }
        guard let fill else { throw .transparent(pixels: width * height, of: width * height) }
        // Checked before allocating: the C side would refuse it only after.
        guard width <= Self.maximumSide, height <= Self.maximumSide else {
            throw .encoding("a JPEG image is at most \(Self.maximumSide) pixels wide and tall")
        }
        let pixel = [fill.red, fill.green, fill.blue, 255]
        let pixels = [UInt8](unsafeUninitializedCapacity: 4 * width * height) { out, initialized in
            for offset in stride(from: 0, to: out.count, by: 4) {
                for channel in 0..<4 { out[offset + channel] = pixel[channel] }
            }
            initialized = out.count
        }
        return EncodedJPEG(data: try encode(pixels, width: width, height: height), filledPixels: width * height)
    }

    /// The widest and tallest image JPEG holds.
    static let maximumSide = 65535

    /// Composites every pixel that is not opaque onto `fill` in place, or refuses the tile when
    /// there is no fill; returns how many there were.
    private func flatten(_ pixels: inout [UInt8]) throws(JPEGError) -> Int {
        let total = pixels.count / 4
        var notOpaque = 0
        pixels.withUnsafeBufferPointer { pixels in
            for offset in stride(from: 3, to: pixels.count, by: 4) where pixels[offset] != 255 { notOpaque += 1 }
        }
        guard notOpaque > 0 else { return 0 }
        guard let fill else { throw .transparent(pixels: notOpaque, of: total) }
        let background = [UInt16(fill.red), UInt16(fill.green), UInt16(fill.blue)]
        pixels.withUnsafeMutableBufferPointer { pixels in
            for offset in stride(from: 0, to: pixels.count, by: 4) where pixels[offset + 3] != 255 {
                // colour · α + fill · (1 − α), in bytes, rounded: "over" onto an opaque background.
                let alpha = UInt16(pixels[offset + 3])
                for channel in 0..<3 {
                    let mixed = UInt16(pixels[offset + channel]) * alpha + background[channel] * (255 - alpha)
                    pixels[offset + channel] = UInt8((mixed + 127) / 255)
                }
                pixels[offset + 3] = 255
            }
        }
        return notOpaque
    }

    /// Compresses RGBX pixels (the fourth byte ignored).
    private func encode(_ pixels: [UInt8], width: Int, height: Int) throws(JPEGError) -> Data {
        var output = gtz_jpeg_output()
        let status = pixels.withUnsafeBufferPointer { pixels in
            var image = gtz_jpeg_image(
                rgbx: pixels.baseAddress, width: UInt32(width), height: UInt32(height), quality: Int32(quality),
                subsampling: subsampling.turboJPEG)
            return gtz_jpeg_encode(&image, &output)
        }
        guard status == 0, let bytes = output.data else {
            let message = withUnsafeBytes(of: output.message) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            throw .encoding(message.isEmpty ? "TurboJPEG failed" : message)
        }
        // Adopts TurboJPEG's buffer without copying; only TurboJPEG may free it.
        return Data(
            bytesNoCopy: bytes, count: output.size, deallocator: .custom { pointer, _ in gtz_jpeg_free(pointer) })
    }
}
