import GeoToolz

/// How a source that names many files is read: set by the layer file's `mosaic`,
/// `max_files_per_tile` and `overview` fields, and ignored for a source naming one file.
public struct MosaicOptions: Sendable, Hashable {
    /// How overlapping files combine.
    public var method: MosaicMethod
    /// The most files one tile may read; a tile needing more reads `overview` instead, or is
    /// answered as outside the data.
    public var maxFilesPerTile: Int
    /// A raster of the whole mosaic at low resolution (a path in the data directory), read for
    /// tiles that would need more than `maxFilesPerTile` files.
    public var overview: String?

    /// The default bound on files per tile.
    public static let defaultMaxFilesPerTile = 50
    /// The largest bound accepted: beyond it a tile's read would no longer be cheap.
    public static let maxFilesPerTileLimit = 10_000

    public init(method: MosaicMethod = .first, maxFilesPerTile: Int = defaultMaxFilesPerTile, overview: String? = nil) {
        self.method = method
        self.maxFilesPerTile = maxFilesPerTile
        self.overview = overview
    }

    /// What these options contribute to a layer's config hash.
    var config: ConfigValue {
        [
            "method": method.configValue,
            "maxFilesPerTile": .number(Double(maxFilesPerTile)),
            "overview": overview.map { .string($0) } ?? .null,
        ]
    }
}
