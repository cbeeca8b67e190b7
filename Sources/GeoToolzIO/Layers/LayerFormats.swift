import GeoToolz

/// The tile formats a layer serves, and the colour JPEG tiles fill transparency with.
///
/// The first format is the default: what a tile URL without an extension gets when the
/// request's `Accept` header does not narrow it. A tile in a format not listed is not served.
public struct LayerFormats: Sendable, Hashable {
    /// The formats served, the default first; never empty, each once.
    public let served: [TileFormat]
    /// What transparent pixels become in a JPEG tile; nil refuses JPEG tiles with transparent
    /// pixels, naming them.
    public let fill: RGB?

    /// Every format, PNG the default.
    public static let all = LayerFormats(served: [.png, .webp, .jpeg, .geotiff], fill: nil)
    /// The lossless formats, for tiles whose bytes are data (terrain encodings).
    public static let lossless = LayerFormats(served: [.png, .webp, .geotiff], fill: nil)

    /// `served` (deduplicated in order) and `fill`.
    public init(served: [TileFormat], fill: RGB?) {
        var seen = Set<TileFormat>()
        self.served = served.filter { seen.insert($0).inserted }
        self.fill = fill
    }

    /// The default format.
    public var primary: TileFormat { served.first ?? .png }

    /// Whether tiles in `format` are served.
    public func serves(_ format: TileFormat) -> Bool { served.contains(format) }

    /// The layer file's `formats` (a list of `png`, `webp`, `jpg`, `tif`) and `fill` (a colour), nil
    /// when neither is written.
    static func read(formats: ConfigValue?, fill: ConfigValue?, at root: ConfigPath) throws(ConfigError)
        -> LayerFormats?
    {
        guard formats != nil || fill != nil else { return nil }
        var served = LayerFormats.all.served
        if let formats {
            let path = root.appending("formats")
            guard let list = formats.arrayValue, !list.isEmpty else {
                throw ConfigError("formats is a non-empty list of png, webp, jpg, tif", at: path)
            }
            served = []
            for (index, entry) in list.enumerated() {
                guard let text = entry.stringValue, let format = TileFormat(fileExtension: text.lowercased()) else {
                    throw ConfigError(
                        "'\(entry.stringValue ?? "\(entry)")' is not a tile format; formats are png, webp, jpg, tif",
                        at: path.appending(index))
                }
                served.append(format)
            }
        }
        var colour: RGB?
        if let fill {
            guard let parsed = ConfigColor(config: fill), parsed.rgba[3] == 255 else {
                throw ConfigError(
                    "fill is an opaque colour, such as '#ffffff' or [255, 255, 255]", at: root.appending("fill"))
            }
            colour = RGB(red: parsed.rgba[0], green: parsed.rgba[1], blue: parsed.rgba[2])
        }
        return LayerFormats(served: served, fill: colour)
    }

    /// The settings that decide tile bytes, for a layer's config hash.
    var configValue: ConfigValue {
        var entries: [String: ConfigValue] = ["served": .array(served.map { .string($0.fileExtension) })]
        if let fill { entries["fill"] = .array([fill.red, fill.green, fill.blue].map { .number(Double($0)) }) }
        return .object(entries)
    }
}
