/// Mapbox Terrain-RGB: heights packed into RGB bytes so that
/// height = base + (R · 65536 + G · 256 + B) × interval, what MapLibre's `raster-dem` sources with
/// `encoding: mapbox` decode. By default base −10000 m and interval 0.1 m. Heights are rounded to
/// the nearest step and clamped to the 24 bits; nodata becomes transparent. Ends a pipeline, and
/// its tiles must be encoded losslessly.
public struct TerrainRGB: RegisteredOperator, HeightEncoding {
    public static let registryName = "TerrainRGB"

    /// The height of RGB (0, 0, 0).
    public let base: Double
    /// The height of one step of the packed value.
    public let interval: Double

    /// Packs heights from `base` in steps of `interval` (> 0).
    public init(base: Double = -10000, interval: Double = 0.1) throws(OperatorError) {
        try ParameterCheck.carried([("base", base), ("interval", interval)], for: Self.registryName)
        try ParameterCheck.require(interval > 0, "interval must be greater than 0", for: Self.registryName)
        self.base = base
        self.interval = interval
    }

    public init(from reader: inout ParameterReader) throws {
        let base = try reader.pixelNumber("base", default: -10000)
        let interval = try reader.pixelNumber("interval", default: 0.1)
        guard interval > 0 else {
            throw reader.invalid("interval", "interval must be greater than 0, found \(interval)")
        }
        try self.init(base: base, interval: interval)
    }

    public var parameters: [String: ConfigValue] { ["base": base.configValue, "interval": interval.configValue] }

    /// The largest packed value: 24 bits.
    private static let largest = Double(1 << 24 - 1)

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try HeightPacking.pack(input, for: Self.registryName) { height in
            let steps = UInt32(min(max(((height - base) / interval).rounded(), 0), Self.largest))
            return (UInt8(steps >> 16), UInt8(steps >> 8 & 0xFF), UInt8(steps & 0xFF))
        }
    }
}
