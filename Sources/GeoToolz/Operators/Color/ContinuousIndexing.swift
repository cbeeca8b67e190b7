/// matplotlib's rule from values to the 256 entries of a colormap:
/// `t = clip((v − vmin) / (vmax − vmin), 0, 1)`, `index = min(⌊256·t⌋, 255)`, and index 0
/// everywhere when `vmin == vmax` (as matplotlib's `Normalize` does). Non-finite values give
/// NaN, which the encoder makes transparent.
struct ContinuousIndexing: Sendable, Hashable {
    let vmin: Double
    let vmax: Double

    func write(_ values: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        let vmin = self.vmin
        let range = vmax - vmin
        guard range > 0 else {
            for index in 0..<count { output[index] = values[index].isFinite ? 0 : .nan }
            return
        }
        for index in 0..<count {
            let value = values[index]
            // matplotlib normalises Float32 data in two steps, each rounded to Float32; doing the
            // same puts values that fall on an entry boundary in the entry matplotlib picks.
            let shifted = Float(Double(value) - vmin)
            let position = Float(Double(shifted) / range) * 256
            // Clamped to [0, 255], truncation is the floor; unlike `rounded(.down)` it needs no
            // library call, so the loop vectorises. Nodata is kept out of the conversion.
            let entry = value.isFinite ? min(max(position, 0), 255) : 0
            output[index] = value.isFinite ? Float(Int32(entry)) : .nan
        }
    }
}
