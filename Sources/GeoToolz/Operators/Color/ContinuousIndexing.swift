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
    /// Whether the one-multiplication estimate is within `margin` of an entry boundary wherever
    /// it could disagree with the rule (checked at every boundary when made); false only for
    /// ranges tiny or far from zero next to Float precision.
    private let estimateDecides: Bool
    /// The estimate's terms: position in entries ≈ (value − origin) × scale.
    private let origin: Float
    private let scale: Float

    /// How close to an entry boundary an estimate must come to be settled against the bounds.
    private static let margin: Float = 1.0 / 1024

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
        origin = Float(vmin)
        scale = Float(256 / (vmax - vmin))
        estimateDecides =
            vmax > vmin && Self.estimateDecides(origin: origin, scale: scale, thresholds: thresholds)
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
        // An estimate by one multiplication: the division the rule takes costs more than the rest
        // of the loop, and this runs for every pixel. Where the estimate falls within `margin`
        // of a boundary it is settled against the exact bounds.
        guard estimateDecides else {
            for index in 0..<count { output[index] = settled(values[index]) }
            return
        }
        let (origin, scale, margin) = (origin, scale, Self.margin)
        // Pass one is free of branches, so it vectorises; what it cannot decide (a value that is
        // not finite, or an estimate near a boundary) it marks −1, for pass two.
        for index in 0..<count {
            let value = values[index]
            let position = Self.clampedPosition(value, origin: origin, scale: scale)
            let entry = Self.floor(position)
            let fraction = position - entry
            let decided = value.magnitude <= .greatestFiniteMagnitude && fraction >= margin && fraction <= 1 - margin
            output[index] = decided ? entry : -1
        }
        // Pass two looks at 16 entries at a time: about one value in 300 of a DEM (whole metres
        // on a boundary) needs settling, so a scalar test of every entry would cost as much as
        // pass one.
        var start = 0
        while start + 16 <= count {
            let chunk = UnsafeRawPointer(output + start).loadUnaligned(as: SIMD16<Float>.self)
            if any(chunk .< 0) {
                for index in start..<(start + 16) where output[index] < 0 { output[index] = settled(values[index]) }
            }
            start += 16
        }
        for index in start..<count where output[index] < 0 { output[index] = settled(values[index]) }
    }

    /// The entry of `value` by the exact bounds.
    private func settled(_ value: Float) -> Float {
        guard value.isFinite else { return .nan }
        let estimate = (value - origin) * scale
        // Clamped to [0, 255] (NaN from ∞ − ∞ lands on 0), truncation is the floor.
        var entry = Int(estimate > 0 ? (estimate < 255 ? estimate : 255) : 0)
        return thresholds.withUnsafeBufferPointer { bounds in
            while value < bounds[entry] { entry -= 1 }
            while value >= bounds[entry + 1] { entry += 1 }
            return Float(entry)
        }
    }

    /// The estimated position in entries, kept within [0.5, 255.5]: below 1 every value is entry
    /// 0 and from 255 on entry 255, so no boundary lies outside, and none is near the clamps.
    /// NaN lands on 0.5.
    private static func clampedPosition(_ value: Float, origin: Float, scale: Float) -> Float {
        let position = (value - origin) * scale
        return position > 0.5 ? (position < 255.5 ? position : 255.5) : 0.5
    }

    /// ⌊x⌋ for 0 ≤ x < 2²³ with Float arithmetic alone (adding and taking away 2²³ rounds to an
    /// integer): no overflow check, as a conversion to Int has.
    private static func floor(_ x: Float) -> Float {
        let rounded = (x + 8_388_608) - 8_388_608
        return rounded > x ? rounded - 1 : rounded
    }

    /// Whether, for every boundary, the estimate of the first value past it is no more than
    /// `margin` below it and the estimate of the last value before it no more than `margin`
    /// above it. The estimate and the rule both grow with the value, so the estimate's floor is
    /// then the rule's entry wherever the estimate is farther than `margin` from a boundary.
    private static func estimateDecides(origin: Float, scale: Float, thresholds: [Float]) -> Bool {
        guard scale.isFinite, scale > 0, origin.isFinite else { return false }
        for entry in 1..<256 {
            let first = thresholds[entry]
            if first.isFinite, clampedPosition(first, origin: origin, scale: scale) < Float(entry) - margin {
                return false
            }
            let last = first.isFinite ? first.nextDown : .greatestFiniteMagnitude
            if clampedPosition(last, origin: origin, scale: scale) >= Float(entry) + margin { return false }
        }
        return true
    }

    /// The rule itself, as matplotlib computes it for Float32 data: in two steps, each rounded to
    /// Float32, so values on an entry boundary land in the entry matplotlib picks.
    private static func entry(vmin: Double, range: Double) -> (Float) -> Int {
        { value in
            let shifted = Float(Double(value) - vmin)
            let position = Float(Double(shifted) / range) * 256
            // NaN (∞/∞ for a range Colormap refuses) lands on entry 0 rather than trapping in Int().
            return position > 0 ? Int(min(position, 255)) : 0
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
