import GeoToolz

/// What a mosaic holds at a point: the value its method composites there from the source pixels
/// of the files that contain the point.
public struct MosaicPixel: Sendable, Hashable {
    /// The composite's bands (one for `count`), nil where no file is valid.
    public let values: [Double?]
    /// The files read and valid at the point, by name, in compositing order: for `first` and
    /// `last` only the winner (the files after it are not read), for the other methods every
    /// file valid there.
    public let files: [String]
    /// Whether the value was read from the mosaic's overview (more files meet at the point than
    /// `max_files_per_tile`).
    public let fromOverview: Bool
}

extension MosaicSource {
    /// The mosaic's value at `longitude`/`latitude`: each file whose footprint holds the point
    /// gives the source pixel containing it (as `TileReader.probe`), and the files' pixels are
    /// composited by the mosaic's method, by the compositor tiles use. More files than
    /// `max_files_per_tile` read the overview instead, as a tile does, or fail without one.
    public func probe(longitude: Double, latitude: Double, noData: Double? = nil) throws -> MosaicPixel {
        let point = WebMercatorQuad.mercator(longitude: longitude, latitude: latitude)
        // A window a metre wide around the point: the index finds the footprints holding it.
        let window = RasterWindow(
            bounds: MercatorBounds(minX: point.x - 0.5, minY: point.y - 0.5, maxX: point.x + 0.5, maxY: point.y + 0.5),
            width: 1, height: 1)
        let candidates = files(touching: window.bounds)
        if candidates.count > options.maxFilesPerTile {
            guard let overview else {
                throw GDALError(
                    "reading a mosaic",
                    "\(candidates.count) files meet at the point, more than max_files_per_tile "
                        + "(\(options.maxFilesPerTile)), and the layer has no overview")
            }
            let bands = options.method == .count ? [self.bands[0]] : self.bands
            let pixel = try overview.probe(longitude: longitude, latitude: latitude, bands: bands, noData: noData)
            return MosaicPixel(
                values: pixel?.values ?? Array(repeating: nil, count: bands.count), files: [], fromOverview: true)
        }
        let order = options.method == .last ? Array(candidates.reversed()) : candidates
        var valid = [String]()
        let compositor = MosaicCompositor(method: options.method, bands: bands.count, window: window.grid)
        let composite = try compositor.composite(order) { (file: Int) throws -> GeoTensor in
            let pixel = try readers.reader(file).probe(
                longitude: longitude, latitude: latitude, bands: bands, noData: noData)
            if let pixel, pixel.isValid { valid.append(members[file].name) }
            let values = (pixel?.values ?? Array(repeating: nil, count: bands.count)).map { Float($0 ?? .nan) }
            return GeoTensor(
                bands: bands.count, height: 1, width: 1, values: values, transform: window.transform, crs: "EPSG:3857")
        }
        // `first` and `last` stop at the first valid file; the others read every file.
        let values = composite.values.map { $0.isFinite ? Double($0) : nil }
        return MosaicPixel(values: values, files: valid, fromOverview: false)
    }

    /// The finest pixel size, in EPSG:3857 metres, of the files whose footprint holds the point;
    /// nil when none does.
    public func finestMercatorResolution(longitude: Double, latitude: Double) -> Double? {
        let point = WebMercatorQuad.mercator(longitude: longitude, latitude: latitude)
        let around = MercatorBounds(minX: point.x - 0.5, minY: point.y - 0.5, maxX: point.x + 0.5, maxY: point.y + 0.5)
        return files(touching: around).map { descriptions[$0].mercatorPixelSize }.min()
    }
}

extension RasterSourceInfo {
    /// The side of a pixel in EPSG:3857 metres, averaged over the footprint.
    public var mercatorPixelSize: Double {
        min(mercatorBounds.width / Double(width), mercatorBounds.height / Double(height))
    }
}
