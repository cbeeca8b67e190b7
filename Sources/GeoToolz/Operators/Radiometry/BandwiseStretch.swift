/// The linear stretch `LinearStretch` and `PercentileClip` share: band b maps `low[b]` to 0
/// and `high[b]` to 1, optionally clamped to [0, 1].
///
/// A band with `low == high` (constant data) maps every valid value to 0, as matplotlib's
/// `Normalize` does. Nodata (any non-finite value) stays nodata, as NaN, even where clamping
/// would turn an infinity into a bound.
enum BandwiseStretch {
    static func apply(_ input: GeoTensor, low: [Double], high: [Double], clip: Bool) throws -> GeoTensor {
        try input.mappingBands { band, from, to, pixels in
            let offset = Float(low[band])
            let range = Float(high[band] - low[band])
            if range == 0 {
                for index in 0..<pixels { to[index] = from[index].isFinite ? 0 : .nan }
            } else if clip {
                for index in 0..<pixels {
                    let value = (from[index] - offset) / range
                    to[index] = from[index].isFinite ? min(max(value, 0), 1) : .nan
                }
            } else {
                for index in 0..<pixels { to[index] = (from[index] - offset) / range }
            }
        }
    }
}
