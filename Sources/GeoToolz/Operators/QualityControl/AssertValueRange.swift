/// A pass-through check that every valid value lies in [`min`, `max`] (either bound may be
/// left out); usable anywhere in a pipeline, e.g. after `Scale` to catch a wrong scale factor.
///
/// NaN and infinite values are nodata and never out of range. When values fall outside,
/// `onFail: raise` (the default) fails the render and `onFail: warn` passes the tensor on with
/// a warning the caller reports.
public struct AssertValueRange: RegisteredOperator, BandPreserving {
    public static let registryName = "AssertValueRange"

    /// The smallest value allowed.
    public let min: Double?
    /// The largest value allowed.
    public let max: Double?
    /// What a failure does.
    public let onFail: OnFail

    /// Checks against `min` and/or `max` (at least one).
    public init(min: Double? = nil, max: Double? = nil, onFail: OnFail = .raise) throws(OperatorError) {
        try ParameterCheck.require(min != nil || max != nil, "give min, max or both", for: Self.registryName)
        try ParameterCheck.carried([("min", min ?? 0), ("max", max ?? 0)], for: Self.registryName)
        if let min, let max {
            try ParameterCheck.require(min <= max, "min must not exceed max", for: Self.registryName)
        }
        self.min = min
        self.max = max
        self.onFail = onFail
    }

    public init(from reader: inout ParameterReader) throws {
        let min = try reader.optionalPixelNumber("min")
        let max = try reader.optionalPixelNumber("max")
        guard min != nil || max != nil else { throw reader.invalid("min", "give 'min', 'max' or both") }
        if let min, let max, min > max { throw reader.invalid("max", "max (\(max)) is below min (\(min))") }
        try self.init(min: min, max: max, onFail: try reader.optional("onFail", default: .raise))
    }

    public var parameters: [String: ConfigValue] {
        var entries: [String: ConfigValue] = ["onFail": onFail.configValue]
        if let min { entries["min"] = min.configValue }
        if let max { entries["max"] = max.configValue }
        return entries
    }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let low = min.map(Float.init) ?? -.infinity
        let high = max.map(Float.init) ?? .infinity
        var outside = 0
        var smallest = Float.infinity
        var largest = -Float.infinity
        input.values.withUnsafeBufferPointer { values in
            for value in values where value.isFinite {
                smallest = Swift.min(smallest, value)
                largest = Swift.max(largest, value)
                if value < low || value > high { outside += 1 }
            }
        }
        guard outside > 0 else { return input }
        let bounds = "[\(min.map { "\($0)" } ?? "−∞"), \(max.map { "\($0)" } ?? "∞")]"
        return try onFail.report(
            "\(outside) of \(input.values.count) values lie outside \(bounds) (valid values span \(smallest)…\(largest))",
            by: Self.registryName, on: input)
    }
}
