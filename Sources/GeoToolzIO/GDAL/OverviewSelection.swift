/// Which overview level gdalwarp reads for a given reduction, so tiles match gdalwarp's output.
enum OverviewSelection {
    /// The overview level (0 = first overview) to read when the target grid has `targetRatio`
    /// source pixels per target pixel, or nil for full resolution.
    ///
    /// The rule is gdalwarp's default (`-ovr AUTO`): the coarsest overview that is still at
    /// least as fine as the target, with a 0.1 tolerance for an overview that matches closely.
    static func level(targetRatio: Double, fullWidth: Int, overviewWidths: [Int]) -> Int? {
        guard !overviewWidths.isEmpty, targetRatio > 1 else { return nil }
        func ratio(_ level: Int) -> Double {
            level < 0 ? 1 : Double(fullWidth) / Double(overviewWidths[level])
        }
        var level = -1
        while level < overviewWidths.count - 1 {
            if ratio(level) < targetRatio && ratio(level + 1) > targetRatio { break }
            if abs(ratio(level) - targetRatio) < 0.1 { break }
            level += 1
        }
        return level >= 0 ? level : nil
    }
}
