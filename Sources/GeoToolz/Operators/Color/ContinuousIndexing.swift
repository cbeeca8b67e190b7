/// matplotlib's rule from values to the 256 entries of a colormap:
/// `t = clip((v − vmin) / (vmax − vmin), 0, 1)`, `index = min(⌊256·t⌋, 255)`, and index 0
/// everywhere when `vmin == vmax` (as matplotlib's `Normalize` does). Non-finite values give
/// NaN, which the encoder makes transparent.
struct ContinuousIndexing: Sendable, Hashable {
    let vmin: Double
    let vmax: Double
    /// `thresholds[k]` is the smallest Float whose entry is `k` or more (k = 1…255); entry 0
    /// starts at −∞ and a 257th bound of +∞ closes the table. The rule is monotonic in the value,
    /// so these bounds decide every entry exactly.
    private let thresholds: [Float]

    init(vmin: Double, vmax: Double) {
        self.vmin = vmin
        self.vmax = vmax
        var thresholds = [Float](repeating: -.infinity, count: 257)
        thresholds[256] = .infinity
        if vmax > vmin {
            let rule = Self.entry(vmin: vmin, range: vmax - vmin)
            for entry in 1..<256 { thresholds[entry] = Self.smallestValue(reaching: entry, rule) }
        }
        self.thresholds = thresholds
    }

    static func == (lhs: Self, rhs: Self) -> Bool { lhs.vmin == rhs.vmin && lhs.vmax == rhs.vmax }

    func hash(into hasher: inout Hasher) {
        hasher.combine(vmin)
        hasher.combine(vmax)
    }

    func write(_ values: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        guard vmax > vmin else {
            for index in 0..<count { output[index] = values[index].isFinite ? 0 : .nan }
            return
        }
        // An estimate by one multiplication, settled against the exact bounds: the division the
        // rule takes costs more than the rest of the loop, and this runs for every pixel.
        let origin = Float(vmin)
        let scale = Float(256 / (vmax - vmin))
        thresholds.withUnsafeBufferPointer { bounds in
            for index in 0..<count {
                let value = values[index]
                guard value.isFinite else {
                    output[index] = .nan
                    continue
                }
                let estimate = (value - origin) * scale
                // Clamped to [0, 255] (NaN from ∞ − ∞ lands on 0), truncation is the floor.
                var entry = Int(estimate > 0 ? (estimate < 255 ? estimate : 255) : 0)
                while value < bounds[entry] { entry -= 1 }
                while value >= bounds[entry + 1] { entry += 1 }
                output[index] = Float(entry)
            }
        }
    }

    /// The rule itself, as matplotlib computes it for Float32 data: in two steps, each rounded to
    /// Float32, so values on an entry boundary land in the entry matplotlib picks.
    private static func entry(vmin: Double, range: Double) -> (Float) -> Int {
        { value in
            let shifted = Float(Double(value) - vmin)
            let position = Float(Double(shifted) / range) * 256
            return Int(min(max(position, 0), 255))
        }
    }

    /// The smallest finite Float whose entry is at least `entry`, by bisection over the Floats in
    /// their order.
    private static func smallestValue(reaching entry: Int, _ rule: (Float) -> Int) -> Float {
        var low = ordinal(of: -.greatestFiniteMagnitude)
        var high = ordinal(of: .greatestFiniteMagnitude)
        guard rule(value(ofOrdinal: high)) >= entry else { return .infinity }
        while low < high {
            let middle = low + (high - low) / 2
            if rule(value(ofOrdinal: middle)) >= entry { high = middle } else { low = middle + 1 }
        }
        return value(ofOrdinal: low)
    }

    /// Floats numbered in increasing order (−0 and +0 share a number).
    private static func ordinal(of value: Float) -> Int64 {
        let magnitude = Int64(value.bitPattern & 0x7FFF_FFFF)
        return value.sign == .minus ? -magnitude : magnitude
    }

    private static func value(ofOrdinal ordinal: Int64) -> Float {
        let bits = UInt32(ordinal.magnitude)
        return ordinal < 0 ? -Float(bitPattern: bits) : Float(bitPattern: bits)
    }
}
