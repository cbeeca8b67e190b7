import GeoToolz

/// A layer as written in a layer file: what to read, how to process it, how to serve it.
///
/// See `layers/README.md` for the file format.
public struct LayerDefinition: Sendable {
    /// The name in tile URLs: letters, digits, `-` and `_`.
    public var name: String
    /// A human-readable title.
    public var title: String
    /// Credit for the data, shown by map clients.
    public var attribution: String?
    /// The rasters read for every tile.
    public var sources: [LayerSource]
    /// The shallowest zoom served.
    public var minZoom: Int
    /// Whether `minZoom` was written; when not, a mosaic without an overview starts at the first
    /// zoom whose tiles need at most `max_files_per_tile` files.
    public var minZoomIsExplicit = true
    /// The deepest zoom served.
    public var maxZoom: Int
    /// What tiles without data are answered with.
    public var outside: OutsideTiles
    /// Seconds a tile may stay in a shared cache; nil keeps it until evicted.
    public var cacheTTL: Int?
    /// The operators a tile's pixels go through.
    public var pipeline: any Operator
    /// The GDAL drivers (short names) that may read the layer's rasters, a subset of
    /// `SourceConfinement.defaultDrivers`; nil allows them all.
    public var drivers: [String]?
    /// Which rendering parameters a tile request may give (see `LayerOverrides`).
    public var overrides: LayerOverrides
    /// The tile formats served and JPEG's fill colour; nil: every format the pipeline's output
    /// allows (lossless ones only after a terrain encoding).
    public var formats: LayerFormats?

    public init(
        name: String, title: String? = nil, attribution: String? = nil, sources: [LayerSource],
        minZoom: Int = 0, maxZoom: Int = WebMercatorQuad.maxZoom, outside: OutsideTiles = .empty,
        cacheTTL: Int? = nil, pipeline: any Operator, drivers: [String]? = nil, overrides: LayerOverrides = .all,
        formats: LayerFormats? = nil
    ) {
        self.name = name
        self.title = title ?? name
        self.attribution = attribution
        self.sources = sources
        self.minZoom = minZoom
        self.maxZoom = maxZoom
        self.outside = outside
        self.cacheTTL = cacheTTL
        self.pipeline = pipeline
        self.drivers = drivers
        self.overrides = overrides
        self.formats = formats
    }

    /// Reads a layer file's document, building its pipeline with `loader`; errors carry the
    /// file, line and column. `defaultName` (the file's stem) names a layer without `name`.
    public init(document: ConfigDocument, defaultName: String, loader: PipelineLoader) throws(ConfigError) {
        do {
            self = try Self.read(document, defaultName: defaultName, loader: loader)
        } catch {
            throw document.locate(error)
        }
    }

    private static func read(_ document: ConfigDocument, defaultName: String, loader: PipelineLoader)
        throws(ConfigError) -> LayerDefinition
    {
        let root = ConfigPath(root: document.rootName)
        var reader = try ConfigFieldReader(document.root, at: root, wording: .layerField("a layer"))
        let name = try reader.optional("name", default: defaultName)
        guard Self.isValidName(name) else {
            throw ConfigError(
                "the layer name '\(name)' must be letters, digits, '-' or '_' (it appears in tile URLs)",
                at: reader.has("name") ? root.appending("name") : root)
        }
        let title = try reader.optional("title", default: name)
        let attribution: String? = try reader.optional("attribution")
        let resampling = try reader.optional("resampling", default: Resampling.nearest)
        let minZoom = try reader.optional("minzoom", default: 0)
        let maxZoom = try reader.optional("maxzoom", default: WebMercatorQuad.maxZoom)
        for (key, zoom) in [("minzoom", minZoom), ("maxzoom", maxZoom)]
        where !(0...WebMercatorQuad.maxZoom).contains(zoom) {
            throw ConfigError(
                "\(key) must be within 0…\(WebMercatorQuad.maxZoom), found \(zoom)", at: root.appending(key))
        }
        guard minZoom <= maxZoom else {
            throw ConfigError("minzoom (\(minZoom)) is deeper than maxzoom (\(maxZoom))", at: root.appending("maxzoom"))
        }
        let outside = try reader.optional("outside", default: OutsideTiles.empty)
        let cacheTTL: Int? = try reader.optional("ttl")
        if let cacheTTL, cacheTTL <= 0 {
            throw ConfigError("ttl is a number of seconds above 0, found \(cacheTTL)", at: root.appending("ttl"))
        }
        let drivers = try readDrivers(reader.value("drivers"), at: root.appending("drivers"))
        let overrides = try LayerOverrides.read(reader.value("overrides"), at: root.appending("overrides"))
        let formats = try LayerFormats.read(formats: reader.value("formats"), fill: reader.value("fill"), at: root)
        let mosaic = try readMosaicOptions(&reader, defaults: MosaicOptions())
        let sources = try readSources(&reader, resampling: resampling, mosaic: mosaic)
        let pipeline: any Operator
        if sources.count == 1, sources[0].paths.count == 1, TileArchiveFormat(path: sources[0].path) != nil {
            // An archive's tiles are served as stored: nothing renders them.
            for field in ["pipeline", "bands", "formats", "overrides"] where reader.has(field) {
                throw ConfigError(
                    "the source is a tile archive, whose tiles are served as stored: a layer serving one has no "
                        + "'\(field)'", at: root.appending(field))
            }
            pipeline = Identity()
        } else {
            guard let pipelineConfig = reader.value("pipeline") else {
                throw ConfigError(
                    "a layer needs 'pipeline' (an operator config with _target_)", at: root.appending("pipeline"))
            }
            pipeline = try loader.load(pipelineConfig, at: root.appending("pipeline"), in: document)
        }
        try reader.finish()
        var definition = LayerDefinition(
            name: name, title: title, attribution: attribution, sources: sources, minZoom: minZoom,
            maxZoom: maxZoom, outside: outside, cacheTTL: cacheTTL, pipeline: pipeline, drivers: drivers,
            overrides: overrides, formats: formats)
        definition.minZoomIsExplicit = reader.has("minzoom")
        return definition
    }

    /// The archive (MBTiles or PMTiles) whose tiles the layer serves as stored, when its one
    /// source names one; nil for a layer rendering rasters.
    public var archivePath: String? {
        guard sources.count == 1, sources[0].paths.count == 1, TileArchiveFormat(path: sources[0].path) != nil else {
            return nil
        }
        return sources[0].path
    }

    /// `source` (one raster, with top-level `bands`) or `sources` (rasters by pipeline input).
    private static func readSources(
        _ reader: inout ConfigFieldReader, resampling: Resampling, mosaic: MosaicOptions
    ) throws(ConfigError) -> [LayerSource] {
        let root = reader.path
        let single = reader.value("source")
        let named = reader.value("sources")
        let bandsPath = root.appending("bands")
        let bands = try readBands(reader.value("bands"), at: bandsPath)
        switch (single, named) {
        case (.some(let value), nil):
            let paths = try readPaths(value, at: root.appending("source"), field: "source")
            return [
                LayerSource(
                    paths: paths, bands: bands, resampling: resampling, mosaic: mosaic,
                    origin: .init(path: root.appending("source"), bands: bandsPath))
            ]
        case (nil, .some(let value)):
            let sourcesPath = root.appending("sources")
            guard bands == nil else {
                throw ConfigError("with 'sources', give 'bands' inside each source", at: bandsPath)
            }
            guard case .object(let entries) = value, !entries.isEmpty else {
                throw ConfigError(
                    "'sources' maps pipeline input names to rasters, found \(value.kindName)", at: sourcesPath)
            }
            var sources = [LayerSource]()
            for input in entries.keys.sorted() {
                sources.append(
                    try readNamedSource(
                        input, entries[input]!, at: sourcesPath.appending(input), resampling, mosaic: mosaic))
            }
            return sources
        case (.some, .some):
            throw ConfigError("give either 'source' or 'sources', not both", at: root.appending("sources"))
        case (nil, nil):
            throw ConfigError(
                "a layer needs 'source' (one raster) or 'sources' (rasters for a Graph's named inputs)", at: root)
        }
    }

    /// One entry of `sources`: a path or a list of paths, or a mapping with `path`, `bands`,
    /// `resampling` and the mosaic fields.
    private static func readNamedSource(
        _ input: String, _ value: ConfigValue, at path: ConfigPath, _ resampling: Resampling, mosaic: MosaicOptions
    ) throws(ConfigError) -> LayerSource {
        // A path or a list of paths; anything but a mapping is read (and refused) as one.
        guard case .object = value else {
            return LayerSource(
                input: input, paths: try readPaths(value, at: path, field: "sources.\(input)"),
                resampling: resampling, mosaic: mosaic, origin: .init(path: path, bands: path))
        }
        var reader = try ConfigFieldReader(value, at: path, wording: .layerField("a source"))
        guard let pathValue = reader.value("path") else {
            throw ConfigError(
                "a source needs 'path' (a file, directory or glob, or a list of them)", at: path.appending("path"))
        }
        let files = try readPaths(pathValue, at: path.appending("path"), field: "path")
        let bands = try readBands(reader.value("bands"), at: path.appending("bands"))
        let ownResampling = try reader.optional("resampling", default: resampling)
        let ownMosaic = try readMosaicOptions(&reader, defaults: mosaic)
        try reader.finish()
        return LayerSource(
            input: input, paths: files, bands: bands, resampling: ownResampling, mosaic: ownMosaic,
            origin: .init(path: path.appending("path"), bands: path.appending("bands")))
    }

    private static func readBands(_ value: ConfigValue?, at path: ConfigPath) throws(ConfigError) -> [Int]? {
        guard let value else { return nil }
        guard let bands = [Int](config: value), !bands.isEmpty else {
            throw ConfigError("'bands' is a non-empty list of band numbers from 1, found \(value)", at: path)
        }
        for (index, band) in bands.enumerated() where band < 1 {
            throw ConfigError("bands are numbered from 1, found \(band)", at: path.appending(index))
        }
        return bands
    }

    /// `drivers`: narrows the GDAL drivers that may read the layer's rasters; it cannot add any.
    private static func readDrivers(_ value: ConfigValue?, at path: ConfigPath) throws(ConfigError) -> [String]? {
        guard let value else { return nil }
        let allowed = SourceConfinement.defaultDrivers.joined(separator: ", ")
        guard let drivers = [String](config: value), !drivers.isEmpty else {
            throw ConfigError(
                "'drivers' is a non-empty list of GDAL driver names (\(allowed)), found \(value)", at: path)
        }
        for (index, driver) in drivers.enumerated() where !SourceConfinement.defaultDrivers.contains(driver) {
            throw ConfigError(
                "'\(driver)' is not a driver layers may use: 'drivers' narrows \(allowed)", at: path.appending(index))
        }
        return drivers
    }

    /// Whether `name` can appear in a URL path segment unescaped.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                        || scalar == "-" || scalar == "_")
            }
    }
}
