import GeoToolz

extension LayerDefinition {
    /// `mosaic`, `max_files_per_tile` and `overview` from a layer or a source entry, each
    /// defaulting to `defaults` (the layer's, inside a source entry).
    static func readMosaicOptions(_ reader: inout ConfigFieldReader, defaults: MosaicOptions) throws(ConfigError)
        -> MosaicOptions
    {
        let method = try reader.optional("mosaic", default: defaults.method)
        let limit = try reader.optional("max_files_per_tile", default: defaults.maxFilesPerTile)
        guard (1...MosaicOptions.maxFilesPerTileLimit).contains(limit) else {
            throw reader.invalid(
                "max_files_per_tile",
                "max_files_per_tile must be within 1…\(MosaicOptions.maxFilesPerTileLimit), found \(limit)")
        }
        var overview = defaults.overview
        if let value = reader.value("overview") {
            guard case .string(let path) = value, !path.isEmpty else {
                throw reader.invalid(
                    "overview", "'overview' is a raster's path in the data directory, found \(value.kindName)")
            }
            overview = path
        }
        return MosaicOptions(method: method, maxFilesPerTile: limit, overview: overview)
    }

    /// What a source names: a path (a raster, a directory or a glob), or a non-empty list of them.
    static func readPaths(_ value: ConfigValue, at path: ConfigPath, field: String) throws(ConfigError) -> [String] {
        switch value {
        case .string(let single):
            return [single]
        case .array(let items) where !items.isEmpty:
            var paths = [String]()
            for (index, item) in items.enumerated() {
                guard case .string(let entry) = item else {
                    throw ConfigError(
                        "each path of '\(field)' is a string (a file, directory or glob), found \(item.kindName)",
                        at: path.appending(index))
                }
                paths.append(entry)
            }
            return paths
        default:
            throw ConfigError(
                "'\(field)' is a path in the data directory (a file, directory or glob) or a list of them, "
                    + "found \(value.kindName)", at: path)
        }
    }
}
