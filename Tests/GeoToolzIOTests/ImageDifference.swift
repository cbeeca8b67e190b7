import Foundation

/// How far a lossy decoding lies from the reference pixels, over the colour channels of the
/// pixels that are opaque in the reference (what a viewer sees).
struct ImageDifference: CustomStringConvertible {
    /// Mean absolute difference per channel (red, green, blue), in levels of 255.
    let meanAbsolute: [Double]
    /// Peak signal-to-noise ratio over the three channels, in dB (infinite when identical).
    let psnr: Double
    /// Pixels compared.
    let pixels: Int

    /// Compares two RGBA pixel arrays of the same size.
    init(_ decoded: [UInt8], reference: [UInt8]) {
        precondition(decoded.count == reference.count, "sizes differ")
        var absolute = [Double](repeating: 0, count: 3)
        var squared = 0.0
        var compared = 0
        for offset in stride(from: 0, to: reference.count, by: 4) where reference[offset + 3] == 255 {
            compared += 1
            for channel in 0..<3 {
                let difference = Double(decoded[offset + channel]) - Double(reference[offset + channel])
                absolute[channel] += abs(difference)
                squared += difference * difference
            }
        }
        let count = Double(max(compared, 1))
        meanAbsolute = absolute.map { $0 / count }
        let meanSquared = squared / (3 * count)
        psnr = meanSquared == 0 ? .infinity : 10 * log10(255 * 255 / meanSquared)
        pixels = compared
    }

    var description: String {
        let means = meanAbsolute.map { String(format: "%.2f", $0) }.joined(separator: "/")
        return "MAE r/g/b \(means), PSNR \(String(format: "%.1f", psnr)) dB over \(pixels) px"
    }
}
