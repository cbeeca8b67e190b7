// Band numbers in configs are 1-based everywhere, as GDAL, layer files' `bands:` and BandMath's
// `b1`, `b2`… count them.

/// The range of band numbers.
enum BandNumbers {
    /// The highest band number a config may give: GDAL's GeoTIFF driver holds at most 65535 bands.
    static let highest = 65_535
}

extension ParameterReader {
    /// A required 1-based band number.
    mutating func bandNumber(_ key: String) throws(ConfigError) -> Int {
        try checkedBandNumber(required(key), key: key)
    }

    /// An optional 1-based band number, or `defaultValue` when absent.
    mutating func bandNumber(_ key: String, default defaultValue: Int) throws(ConfigError) -> Int {
        try checkedBandNumber(optional(key, default: defaultValue), key: key)
    }

    /// A required non-empty list of 1-based band numbers.
    mutating func bandNumbers(_ key: String) throws(ConfigError) -> [Int] {
        let numbers: [Int] = try required(key)
        guard !numbers.isEmpty else { throw invalid(key, "'\(key)' must name at least one band") }
        for number in numbers { _ = try checkedBandNumber(number, key: key) }
        return numbers
    }

    private func checkedBandNumber(_ number: Int, key: String) throws(ConfigError) -> Int {
        guard number >= 1 else {
            throw invalid(key, "bands are numbered from 1; \(number) is not a band")
        }
        guard number <= BandNumbers.highest else {
            throw invalid(key, "band \(number) is past \(BandNumbers.highest), the most bands a raster holds")
        }
        return number
    }
}

extension GeoTensor {
    /// Fails unless every 1-based band number names a band of this tensor.
    func requireBands(_ numbers: [Int], for operatorName: String) throws(OperatorError) {
        for number in numbers where number < 1 || number > bands {
            throw OperatorError(
                operatorName,
                "band \(number) does not exist: the input has \(bands) band\(bands == 1 ? "" : "s"), numbered from 1")
        }
    }

    /// Fails unless the tensor has exactly one band.
    func requireSingleBand(for operatorName: String, holding what: String) throws(OperatorError) {
        guard bands == 1 else {
            throw OperatorError(operatorName, "expects one band (\(what)), the input has \(bands)")
        }
    }
}
