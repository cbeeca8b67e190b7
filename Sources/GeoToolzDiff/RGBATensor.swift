import GeoToolz

/// RGBA bytes as the 4-band tensor the PNG encoder writes back to the same bytes (values in
/// 0…1, byte ÷ 255, which the encoder's rounding restores exactly).
enum RGBATensor {
    static func make(_ rgba: [UInt8], width: Int, height: Int) -> GeoTensor {
        let pixels = width * height
        precondition(rgba.count == 4 * pixels, "four bytes a pixel")
        var values = [Float](repeating: 0, count: 4 * pixels)
        for pixel in 0..<pixels {
            for channel in 0..<4 { values[channel * pixels + pixel] = Float(rgba[4 * pixel + channel]) / 255 }
        }
        return GeoTensor(bands: 4, height: height, width: width, values: values)
    }
}
