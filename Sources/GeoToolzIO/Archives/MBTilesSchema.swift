/// The MBTiles 1.3 layout this package writes: tiles deduplicated by content (`map` points at
/// `images` by a content hash), read through the `tiles` view the specification names.
enum MBTilesSchema {
    static let create = """
        CREATE TABLE IF NOT EXISTS map (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER, tile_id TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS map_index ON map (zoom_level, tile_column, tile_row);
        CREATE TABLE IF NOT EXISTS images (tile_data BLOB, tile_id TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS images_id ON images (tile_id);
        CREATE VIEW IF NOT EXISTS tiles AS
            SELECT map.zoom_level AS zoom_level, map.tile_column AS tile_column, map.tile_row AS tile_row,
                images.tile_data AS tile_data
            FROM map JOIN images ON images.tile_id = map.tile_id;
        CREATE TABLE IF NOT EXISTS metadata (name TEXT, value TEXT);
        CREATE UNIQUE INDEX IF NOT EXISTS name ON metadata (name);
        """

    /// The metadata key of the pipeline's config hash.
    static let configHashKey = "geotoolz:config_hash"

    /// MBTiles rows count from the bottom (TMS); XYZ rows from the top. The map is its own inverse.
    static func flippedRow(_ row: Int, zoom: Int) -> Int {
        (1 << zoom) - 1 - row
    }

    /// The `format` value of a tile format.
    static func formatName(_ format: TileFormat) -> String {
        switch format {
        case .png: "png"
        case .jpeg: "jpg"
        case .webp: "webp"
        case .geotiff: "tiff"
        }
    }

    static func format(named name: String) -> TileFormat? {
        switch name.lowercased() {
        case "png": .png
        case "jpg", "jpeg": .jpeg
        case "webp": .webp
        default: nil
        }
    }

    /// The `metadata` rows for `metadata`.
    static func rows(_ metadata: TileArchiveMetadata) -> [(String, String)] {
        let bounds = metadata.bounds
        let center = metadata.center
        var rows = [
            ("name", metadata.name),
            ("format", formatName(metadata.format)),
            ("bounds", "\(bounds.west),\(bounds.south),\(bounds.east),\(bounds.north)"),
            ("center", "\(center.longitude),\(center.latitude),\(center.zoom)"),
            ("minzoom", "\(metadata.minZoom)"),
            ("maxzoom", "\(metadata.maxZoom)"),
            ("type", "baselayer"),
            ("version", "1.0.0"),
        ]
        if let description = metadata.description { rows.append(("description", description)) }
        if let attribution = metadata.attribution { rows.append(("attribution", attribution)) }
        if let hash = metadata.configHash { rows.append((configHashKey, hash)) }
        return rows
    }
}
