/// Writes one band of heights as RGBA bytes for the terrain encodings: each height packed into
/// red, green and blue by the encoding's rule, alpha opaque; a pixel without a height is NaN in
/// every band, which a tile encoder draws fully transparent.
///
/// Bytes are written as fractions of 255, the scale tile encoders take, so each one comes back
/// exactly on encoding.
enum HeightPacking {
    /// The RGBA tensor of `input`'s one band of heights, `pack` giving each height's red, green
    /// and blue bytes.
    static func pack(_ input: GeoTensor, for operatorName: String, _ pack: (Double) -> (UInt8, UInt8, UInt8))
        throws(OperatorError) -> GeoTensor
    {
        try ParameterCheck.require(
            input.bands == 1, "takes one band of heights, was given \(input.bands)", for: operatorName)
        let pixels = input.pixelCount
        let values = [Float](unsafeUninitializedCapacity: 4 * pixels) { out, initialized in
            input.values.withUnsafeBufferPointer { heights in
                for pixel in 0..<pixels {
                    let height = heights[pixel]
                    guard height.isFinite else {
                        for band in 0..<4 { out[band * pixels + pixel] = .nan }
                        continue
                    }
                    let (red, green, blue) = pack(Double(height))
                    out[pixel] = Float(red) / 255
                    out[pixels + pixel] = Float(green) / 255
                    out[2 * pixels + pixel] = Float(blue) / 255
                    out[3 * pixels + pixel] = 1
                }
            }
            initialized = 4 * pixels
        }
        return input.replacing(bands: 4, values: values)
    }
}

/// The band counts of a terrain encoding: one band of heights in, RGBA out.
public protocol HeightEncoding: ValueEncoding {}

extension HeightEncoding {
    public var bandsTaken: BandRequirement { .exactly(1) }
    public func bandsGiven(forInput input: BandCount) -> BandCount { .exactly(4) }
}
