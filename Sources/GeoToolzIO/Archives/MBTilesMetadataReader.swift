import Foundation

/// Reads an MBTiles `metadata` table into `TileArchiveMetadata`, filling what other writers
/// leave out: the name from the file name, the bounds of the whole matrix set, the zooms from
/// the tiles, the centre from the bounds.
struct MBTilesMetadataReader {
    let connection: SQLiteConnection
    private var path: String { connection.path }

    func metadata() throws(TileArchiveError) -> TileArchiveMetadata {
        let values = try rows()
        guard let formatName = values["format"] else {
            throw TileArchiveError(.unsupported, path: path, "the metadata names no tile format")
        }
        guard let format = MBTilesSchema.format(named: formatName) else {
            throw TileArchiveError(
                .unsupported, path: path, "tiles in '\(formatName)' are not read: png, jpg and webp are")
        }
        let bounds =
            try values["bounds"].map { text throws(TileArchiveError) in
                let numbers = try numbers(text, count: 4, key: "bounds")
                return GeoBounds(west: numbers[0], south: numbers[1], east: numbers[2], north: numbers[3])
            }
            ?? GeoBounds(west: -180, south: -WebMercatorQuad.maxLatitude, east: 180, north: WebMercatorQuad.maxLatitude)
        let zooms = try tileZooms()
        let minZoom =
            try values["minzoom"].map { text throws(TileArchiveError) in try integer(text, key: "minzoom") }
            ?? zooms.lowerBound
        let maxZoom =
            try values["maxzoom"].map { text throws(TileArchiveError) in try integer(text, key: "maxzoom") }
            ?? zooms.upperBound
        let center =
            try values["center"].map { text throws(TileArchiveError) in
                let numbers = try numbers(text, count: 3, key: "center")
                return TileArchiveCenter(
                    longitude: numbers[0], latitude: numbers[1],
                    zoom: Int(min(max(numbers[2], 0), Double(WebMercatorQuad.maxZoom))))
            }
            ?? TileArchiveCenter(
                longitude: (bounds.west + bounds.east) / 2, latitude: (bounds.south + bounds.north) / 2, zoom: minZoom)
        let name = values["name"] ?? ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        return TileArchiveMetadata(
            name: name, description: values["description"], attribution: values["attribution"], format: format,
            bounds: bounds, center: center, minZoom: minZoom, maxZoom: maxZoom,
            configHash: values[MBTilesSchema.configHashKey])
    }

    private func rows() throws(TileArchiveError) -> [String: String] {
        let statement: SQLiteStatement
        do {
            statement = try connection.prepare("SELECT name, value FROM metadata")
        } catch {
            throw TileArchiveError(.corrupt, path: path, "not an MBTiles archive (\(error.reason))")
        }
        defer { statement.reset() }
        try statement.bind([])
        var values: [String: String] = [:]
        while try statement.step() {
            if let name = statement.text(0), let value = statement.text(1) { values[name] = value }
        }
        return values
    }

    /// The lowest and highest zoom of the stored tiles (0…0 when there are none).
    private func tileZooms() throws(TileArchiveError) -> ClosedRange<Int> {
        let statement = try connection.prepare("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles")
        defer { statement.reset() }
        try statement.bind([])
        guard try statement.step(), !statement.isNull(0) else { return 0...0 }
        return statement.integer(0)...max(statement.integer(0), statement.integer(1))
    }

    private func numbers(_ text: String, count: Int, key: String) throws(TileArchiveError) -> [Double] {
        let numbers = text.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard numbers.count == count, numbers.allSatisfy(\.isFinite) else {
            throw TileArchiveError(.corrupt, path: path, "metadata '\(key)' is '\(text)', not \(count) numbers")
        }
        return numbers
    }

    private func integer(_ text: String, key: String) throws(TileArchiveError) -> Int {
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw TileArchiveError(.corrupt, path: path, "metadata '\(key)' is '\(text)', not an integer")
        }
        return value
    }
}
