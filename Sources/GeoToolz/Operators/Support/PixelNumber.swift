/// Numbers that reach the pixel arithmetic, which runs in Float32: a config value beyond
/// Float32's range would become an infinity there, and spans of such values overflow.
enum PixelNumber {
    /// The largest magnitude a pixel computation can carry.
    static let limit = Double(Float.greatestFiniteMagnitude)

    /// Whether `value` is finite and within Float32's range.
    static func isCarried(_ value: Double) -> Bool {
        value.isFinite && value.magnitude <= limit
    }

    /// Why `value`, written as `name`, cannot be carried; nil when it can.
    static func problem(_ value: Double, named name: String) -> String? {
        isCarried(value)
            ? nil : "\(name) (\(value)) is beyond ±3.4e38, the range of the Float32 arithmetic pixels go through"
    }

    /// What is wrong with the span from `low` to `high` (named as given) for a map of it onto
    /// a fixed scale, and which bound to blame; nil when `low < high` as Float32, each bound
    /// and their difference within Float32's range.
    ///
    /// `allowingEmpty` lets equal bounds pass (matplotlib's rule then maps everything to the
    /// first end): meaningless when written in a config, but what statistics of constant data
    /// give.
    static func spanProblem(
        low: Double, high: Double, lowName: String, highName: String, allowingEmpty: Bool = false
    ) -> (blame: String, message: String)? {
        if let problem = problem(low, named: lowName) { return (lowName, problem) }
        if let problem = problem(high, named: highName) { return (highName, problem) }
        guard low <= high else { return (highName, "\(highName) (\(high)) is below \(lowName) (\(low))") }
        guard high - low <= limit else {
            return (
                highName,
                "the span \(highName) − \(lowName) (\(high - low)) is beyond ±3.4e38, "
                    + "the range of the Float32 arithmetic pixels go through"
            )
        }
        guard !allowingEmpty else { return nil }
        guard low < high else {
            return (highName, "\(highName) equals \(lowName) (\(low)): every value would take one end of the span")
        }
        guard Float(low) < Float(high) else {
            return (
                highName,
                "\(lowName) (\(low)) and \(highName) (\(high)) are the same Float32 value, "
                    + "so the span is empty for Float32 pixels"
            )
        }
        return nil
    }
}

extension ParameterReader {
    /// A required number that pixel arithmetic can carry.
    mutating func pixelNumber(_ key: String) throws(ConfigError) -> Double {
        try checkedPixelNumber(required(key), key: key)
    }

    /// An optional number that pixel arithmetic can carry, or `defaultValue`.
    mutating func pixelNumber(_ key: String, default defaultValue: Double) throws(ConfigError) -> Double {
        try checkedPixelNumber(optional(key, default: defaultValue), key: key)
    }

    /// An optional number that pixel arithmetic can carry, or nil.
    mutating func optionalPixelNumber(_ key: String) throws(ConfigError) -> Double? {
        guard let value: Double = try optional(key) else { return nil }
        return try checkedPixelNumber(value, key: key)
    }

    /// Optional band values that pixel arithmetic can carry, or nil.
    mutating func optionalPixelValues(_ key: String) throws(ConfigError) -> BandValues? {
        guard let values: BandValues = try optional(key) else { return nil }
        return try checkedPixelValues(values, key: key)
    }

    /// Required band values that pixel arithmetic can carry.
    mutating func pixelValues(_ key: String) throws(ConfigError) -> BandValues {
        try checkedPixelValues(required(key), key: key)
    }

    /// Fails unless `low` and `high` (read as `lowKey`, `highKey`) make a span pixel arithmetic
    /// can map: for each band `low < high`, as Float32 too, with a difference within range; a
    /// per-band list on both sides must give one value per band alike.
    func checkSpans(_ low: BandValues, _ high: BandValues, lowKey: String, highKey: String) throws(ConfigError) {
        if case .perBand(let lows) = low, case .perBand(let highs) = high, lows.count != highs.count {
            throw invalid(highKey, "'\(highKey)' gives \(highs.count) values, '\(lowKey)' gives \(lows.count)")
        }
        let bands = max(low.all.count, high.all.count)
        for band in 0..<bands {
            let lowValue = low.all[min(band, low.all.count - 1)]
            let highValue = high.all[min(band, high.all.count - 1)]
            let suffix = bands > 1 ? " for band \(band + 1)" : ""
            if let problem = PixelNumber.spanProblem(
                low: lowValue, high: highValue, lowName: lowKey, highName: highKey)
            {
                throw invalid(problem.blame, problem.message + suffix)
            }
        }
    }

    /// Fails unless two per-band lists, when both given as lists, have the same length.
    func checkSameBands(_ first: BandValues, _ second: BandValues, firstKey: String, secondKey: String)
        throws(ConfigError)
    {
        if case .perBand(let firsts) = first, case .perBand(let seconds) = second, firsts.count != seconds.count {
            throw invalid(
                secondKey, "'\(secondKey)' gives \(seconds.count) values, '\(firstKey)' gives \(firsts.count)")
        }
    }

    private func checkedPixelNumber(_ value: Double, key: String) throws(ConfigError) -> Double {
        if let problem = PixelNumber.problem(value, named: key) { throw invalid(key, problem) }
        return value
    }

    private func checkedPixelValues(_ values: BandValues, key: String) throws(ConfigError) -> BandValues {
        for (index, value) in values.all.enumerated() where !PixelNumber.isCarried(value) {
            let at: ConfigPath
            if case .perBand = values { at = path.appending(key).appending(index) } else { at = path.appending(key) }
            throw ConfigError(PixelNumber.problem(value, named: key)!, at: at)
        }
        return values
    }
}
