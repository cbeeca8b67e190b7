/// A 256-entry lookup table interpolated linearly (in RGBA) between colour stops, the way
/// matplotlib's `LinearSegmentedColormap.from_list` builds one: stop positions scaled to
/// [0, 1], the table sampled at `i / 255`, each channel truncated to a byte.
enum ColorGradient {
    static let entries = 256

    /// `positions` ascending, first and last defining the range; `colors` one per position.
    static func table(positions: [Double], colors: [[UInt8]]) -> [UInt8] {
        precondition(positions.count >= 2 && positions.count == colors.count, "a gradient has two or more stops")
        let first = positions.first!
        let span = positions.last! - first
        // Positions in table-index units (0…255), as matplotlib compares them.
        let last = Double(entries - 1)
        let scaled = positions.map { ($0 - first) / span * last }
        let step = 1.0 / last
        var rgba = [UInt8]()
        rgba.reserveCapacity(entries * 4)
        for entry in 0..<entries {
            let x = entry == entries - 1 ? last : last * (Double(entry) * step)
            var upper = scaled.firstIndex { $0 >= x } ?? scaled.count - 1
            upper = min(max(upper, 1), scaled.count - 1)
            let lower = upper - 1
            let fraction = (x - scaled[lower]) / (scaled[upper] - scaled[lower])
            for channel in 0..<4 {
                let from = Double(colors[lower][channel]) / 255
                let to = Double(colors[upper][channel]) / 255
                let value: Double
                if entry == 0 {
                    value = Double(colors[0][channel]) / 255
                } else if entry == entries - 1 {
                    value = Double(colors[colors.count - 1][channel]) / 255
                } else {
                    value = fraction * (to - from) + from
                }
                rgba.append(UInt8(min(max(value, 0), 1) * 255))
            }
        }
        return rgba
    }
}
