import GeoToolz

/// What a layer holds at a point: each source's own pixel values and the pipeline's values
/// before its final colormap.
public struct PointValues: Sendable {
    /// What one source holds at the point.
    public struct Source: Sendable {
        /// The Graph input the source feeds, nil for a layer's one source.
        public let input: String?
        /// The path or paths the layer file names.
        public let paths: [String]
        /// The bands read, numbered from 1.
        public let bands: [Int]
        /// Each band's value at the source pixel holding the point (for a mosaic: the composite
        /// of its files' pixels, one band for `count`); nil where nodata or off the data.
        public let values: [Double?]
        /// The pixel holding the point, [column, row], for a source of one file; nil when the
        /// point lies off it, and for mosaics.
        public let pixel: [Int]?
        /// For a mosaic: the files read and valid at the point, in compositing order (for
        /// `first` and `last` only the winner).
        public let files: [String]?
        /// For a mosaic: whether the value came from its overview.
        public let fromOverview: Bool
    }

    public let longitude: Double
    public let latitude: Double
    /// The layer's sources, in the order the pipeline takes them.
    public let sources: [Source]
    /// The pipeline's output bands before its final colormap, nil where nodata.
    public let values: [Double?]
    /// The side, in EPSG:3857 metres, of the one-pixel window the pipeline ran on.
    public let resolution: Double
}

extension Layer {
    /// The layer's values at `longitude`/`latitude` (WGS 84 degrees).
    ///
    /// Source values are those of the source pixel containing the point at full resolution,
    /// as `gdallocationinfo -wgs84` reads them, without resampling; a mosaic composites its
    /// files' pixels by its method. The pipeline's values come from `values(_:)` over a
    /// one-pixel window centred on the point, at the finest source resolution there (as a tile
    /// at that resolution would draw it, resampled as the layer resamples), so they may differ
    /// from the source values where the layer resamples other than `nearest`. Beyond the
    /// WebMercatorQuad's latitudes (±85.05°) no tile has data, and the pipeline's values are nil.
    public func point(longitude: Double, latitude: Double) throws -> PointValues {
        if archive != nil { throw RenderError(Self.storedTilesOnly(name)) }
        var sources = [PointValues.Source]()
        var finest: Double?
        for input in inputs {
            let source = input.source
            if let mosaic = input.mosaic {
                let pixel = try mosaic.probe(longitude: longitude, latitude: latitude, noData: source.noData)
                sources.append(
                    .init(
                        input: source.input, paths: source.paths, bands: input.bands, values: pixel.values, pixel: nil,
                        files: pixel.files, fromOverview: pixel.fromOverview))
                if let size = mosaic.finestMercatorResolution(longitude: longitude, latitude: latitude) {
                    finest = min(finest ?? size, size)
                }
            } else if let reader = input.reader {
                let pixel = try reader.probe(
                    longitude: longitude, latitude: latitude, bands: input.bands, noData: source.noData)
                sources.append(
                    .init(
                        input: source.input, paths: source.paths, bands: input.bands,
                        values: pixel?.values ?? Array(repeating: nil, count: input.bands.count),
                        pixel: pixel.map { [$0.column, $0.row] }, files: nil, fromOverview: false))
                if pixel != nil { finest = min(finest ?? reader.info.mercatorPixelSize, reader.info.mercatorPixelSize) }
            }
        }
        let resolution = finest ?? WebMercatorQuad.resolution(zoom: maxZoom)
        let outputs =
            (try? valuePipeline.outputBands(forInputs: inputs.map { .exactly($0.feedBands) }))?.known ?? 1
        var values = [Double?](repeating: nil, count: outputs)
        if abs(latitude) < WebMercatorQuad.maxLatitude {
            let centre = WebMercatorQuad.mercator(longitude: longitude, latitude: latitude)
            let half = resolution / 2
            let window = RasterWindow(
                bounds: MercatorBounds(
                    minX: centre.x - half, minY: centre.y - half, maxX: centre.x + half, maxY: centre.y + half),
                width: 1, height: 1)
            let tensor = try self.values(window)
            values = tensor.values.map { $0.isFinite ? Double($0) : nil }
        }
        return PointValues(
            longitude: longitude, latitude: latitude, sources: sources, values: values, resolution: resolution)
    }
}
