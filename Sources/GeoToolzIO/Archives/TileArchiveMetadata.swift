/// What an archive says about its tiles, beyond the tiles themselves.
public struct TileArchiveMetadata: Sendable, Equatable {
    /// A human-readable name.
    public var name: String
    public var description: String?
    public var attribution: String?
    /// The format every tile is in: PNG, WebP or JPEG.
    public var format: TileFormat
    /// The area the tiles cover.
    public var bounds: GeoBounds
    /// Where a viewer should start.
    public var center: TileArchiveCenter
    public var minZoom: Int
    public var maxZoom: Int
    /// The config hash of the pipeline the tiles were rendered with, if known.
    public var configHash: String?

    public init(
        name: String, description: String? = nil, attribution: String? = nil, format: TileFormat,
        bounds: GeoBounds, center: TileArchiveCenter, minZoom: Int, maxZoom: Int, configHash: String? = nil
    ) {
        self.name = name
        self.description = description
        self.attribution = attribution
        self.format = format
        self.bounds = bounds
        self.center = center
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.configHash = configHash
    }

    /// Refuses what neither format can store: GeoTIFF tiles, zooms outside the matrix set or
    /// out of order, bounds that are not longitudes and latitudes.
    func validate(path: String) throws(TileArchiveError) {
        guard format != .geotiff else {
            throw TileArchiveError(.unsupported, path: path, "tile archives hold PNG, WebP or JPEG tiles, not GeoTIFF")
        }
        guard (0...WebMercatorQuad.maxZoom).contains(minZoom), (minZoom...WebMercatorQuad.maxZoom).contains(maxZoom)
        else {
            throw TileArchiveError(
                .invalid, path: path, "zooms \(minZoom)…\(maxZoom) are not within 0…\(WebMercatorQuad.maxZoom)")
        }
        let values = [bounds.west, bounds.south, bounds.east, bounds.north, center.longitude, center.latitude]
        guard values.allSatisfy(\.isFinite), bounds.west <= bounds.east, bounds.south <= bounds.north,
            (-180...180).contains(bounds.west), (-180...180).contains(bounds.east),
            (-90...90).contains(bounds.south), (-90...90).contains(bounds.north)
        else {
            throw TileArchiveError(.invalid, path: path, "bounds \(bounds) are not a longitude/latitude rectangle")
        }
        guard (0...WebMercatorQuad.maxZoom).contains(center.zoom) else {
            throw TileArchiveError(.invalid, path: path, "the centre's zoom \(center.zoom) is outside the matrix set")
        }
    }
}

/// A point and zoom to open a map at.
public struct TileArchiveCenter: Sendable, Hashable {
    public var longitude: Double
    public var latitude: Double
    public var zoom: Int

    public init(longitude: Double, latitude: Double, zoom: Int) {
        self.longitude = longitude
        self.latitude = latitude
        self.zoom = zoom
    }
}
