/// `value · scale + offset`: digital numbers to physical units, e.g. Landsat Collection 2
/// surface reflectance (`scale: 0.0000275, offset: -0.2`) or Sentinel-2 L2A (`scale: 0.0001`).
///
/// `scale` and `offset` are each one number for every band or a list with one per band.
public struct Scale: RegisteredOperator, BandPreserving {
    public static let registryName = "Scale"

    /// The factor each value is multiplied by.
    public let scale: BandValues
    /// What is added after scaling.
    public let offset: BandValues

    /// Computes `value · scale + offset`.
    public init(scale: BandValues, offset: BandValues = .uniform(0)) {
        self.scale = scale
        self.offset = offset
    }

    public init(from reader: inout ParameterReader) throws {
        let scale = try reader.pixelValues("scale")
        let offset = try reader.optionalPixelValues("offset") ?? .uniform(0)
        try reader.checkSameBands(scale, offset, firstKey: "scale", secondKey: "offset")
        self.init(scale: scale, offset: offset)
    }

    /// As many bands as a per-band list holds.
    public var bandsTaken: BandRequirement { scale.bandRequirement.or(offset.bandRequirement) }

    public var parameters: [String: ConfigValue] { ["scale": scale.configValue, "offset": offset.configValue] }

    public func apply(_ input: GeoTensor) throws -> GeoTensor {
        let scales = try scale.resolved(bands: input.bands, key: "scale", for: Self.registryName)
        let offsets = try offset.resolved(bands: input.bands, key: "offset", for: Self.registryName)
        return try input.mappingBands { band, from, to, pixels in
            let factor = Float(scales[band])
            let shift = Float(offsets[band])
            for index in 0..<pixels { to[index] = from[index] * factor + shift }
        }
    }
}
