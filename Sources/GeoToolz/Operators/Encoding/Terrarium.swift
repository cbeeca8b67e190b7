/// Mapzen Terrarium: heights packed into RGB bytes so that height = R · 256 + G + B / 256 − 32768,
/// what MapLibre's `raster-dem` sources with `encoding: terrarium` decode. Heights are truncated to
/// 1/256 m and clamped to −32768 … 32767.996 m; nodata becomes transparent. Ends a pipeline, and
/// its tiles must be encoded losslessly. The format fixes its offset and step: no parameters.
public struct Terrarium: RegisteredOperator, HeightEncoding {
    public static let registryName = "Terrarium"

    public init() {}

    public init(from reader: inout ParameterReader) throws {}

    public var parameters: [String: ConfigValue] { [:] }

    /// The largest packed value, in 1/256 m above −32768 m.
    private static let largest = Double(1 << 24 - 1)

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        try HeightPacking.pack(input, for: Self.registryName) { height in
            // Whole 256ths above −32768 m: R and G the whole metres, B the fraction.
            let steps = UInt32(min(max(((height + 32768) * 256).rounded(.down), 0), Self.largest))
            return (UInt8(steps >> 16), UInt8(steps >> 8 & 0xFF), UInt8(steps & 0xFF))
        }
    }
}
