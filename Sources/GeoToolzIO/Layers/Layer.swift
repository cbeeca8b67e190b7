import Foundation
import GeoToolz

/// A served layer, ready to render tiles: the one entry point every renderer goes through
/// (`geotoolz render`, the tile server, cache pre-warming).
///
/// Everything is prepared once here: paths vetted, rasters opened and described, statistics a
/// pipeline needs taken from a whole-dataset overview. Rendering is thread-safe: concurrent
/// calls read through per-thread GDAL handles that are opened on first use and then reused.
public final class Layer: Sendable {
    /// The layer as defined.
    public let definition: LayerDefinition
    /// How it renders.
    public let options: LayerOptions
    /// The pipeline tiles go through: the definition's, bound to whole-dataset statistics when
    /// some operator needs them.
    public let pipeline: any Operator
    /// `pipeline` without its final colormap or terrain encoding: the values a layer's tiles stand
    /// for, which queries answer with (the whole pipeline when it ends in no such operator).
    public let valuePipeline: any Operator
    /// Where the layer has data: the union of its sources' footprints.
    public let mercatorBounds: MercatorBounds
    /// The SHA-256 of the pipeline's config as written.
    public let pipelineHash: String
    /// The SHA-256 of everything in the layer that decides its pixels: sources, bands,
    /// resampling, pipeline and encoder settings. Two layers with the same hash draw the same
    /// tiles from the same data.
    public let configHash: String
    /// Identifies the data the layer reads: each source file's path, size and modification time,
    /// hashed. It changes when a file is replaced.
    public let dataIdentity: String
    /// The source files as they were when the layer opened them.
    public let fileStamps: [FileStamp]
    /// The tile formats served, the default first.
    public let formats: LayerFormats
    /// The archive whose tiles the layer serves as they are stored, for a layer whose source is
    /// an MBTiles or PMTiles file; nil for a layer rendering its sources.
    public let archive: TileArchiveReader?
    let inputs: [BoundSource]
    /// The encoder of each format served.
    private let encoders: [TileFormat: TileEncoding]
    /// The PNG tile without data at each scale, made once: outside tiles are common.
    private let transparentTiles: [Int: Data]
    /// Kept to derive layers from this one without opening anything again.
    private let dataDirectory: DataDirectory
    private let readers: TileReaderCache

    public var name: String { definition.name }
    public var title: String { definition.title }
    public var attribution: String? { definition.attribution }
    public var minZoom: Int { definition.minZoom }
    public var maxZoom: Int { definition.maxZoom }
    public var outside: OutsideTiles { definition.outside }
    /// How many bands a render reads, over every source.
    public var bandsRead: Int { inputs.reduce(0) { $0 + $1.bands.count } }
    /// The bands a rendered tile holds, as the pipeline's band check found them.
    public let outputBands: BandCount
    /// Pixels of context the pipeline reads around each tile.
    public var halo: Int { pipeline.halo }
    /// The most context a pipeline may read around a tile: more would read far beyond it.
    public static let maxHalo = 1024
    /// The bands a rendered tile may hold for the PNG encoder (grey, grey + alpha, RGB, RGBA).
    public static let encodedBands = 1...4
    /// Where the layer has data, in longitude/latitude.
    public var bounds: GeoBounds { mercatorBounds.geographic }

    /// Prepares a layer; failures are `ConfigError`s pointing at the field at fault. `readers`
    /// shares raster handles between the layers of a catalog; nil gives the layer its own, ready
    /// for `options.renderThreads`. A layer whose source is a tile archive serves its tiles.
    public convenience init(
        _ definition: LayerDefinition, dataDirectory: DataDirectory, options: LayerOptions = LayerOptions(),
        readers: TileReaderCache? = nil
    ) throws(ConfigError) {
        let readers = readers ?? TileReaderCache(handles: options.renderThreads)
        guard LayerDefinition.isValidName(definition.name) else {
            throw ConfigError(
                "the layer name '\(definition.name)' must be letters, digits, '-' or '_'",
                at: ConfigPath(root: "layer").appending("name"))
        }
        if definition.archivePath != nil {
            try self.init(archiveOf: definition, dataDirectory: dataDirectory, options: options, readers: readers)
        } else {
            try self.init(rendering: definition, dataDirectory: dataDirectory, options: options, readers: readers)
        }
    }

    /// A layer rendering its sources through its pipeline.
    private init(
        rendering definition: LayerDefinition, dataDirectory: DataDirectory, options: LayerOptions,
        readers: TileReaderCache
    ) throws(ConfigError) {
        let root = ConfigPath(root: "layer")
        self.archive = nil
        self.options = options
        self.dataDirectory = dataDirectory
        self.readers = readers
        var inputs = [BoundSource]()
        for source in try Self.ordered(definition.sources, for: definition.pipeline) {
            inputs.append(
                try BoundSource(
                    source, dataDirectory: dataDirectory, drivers: definition.drivers, readers: readers,
                    errorThreshold: options.errorThreshold, openFiles: options.mosaicOpenFiles))
        }
        self.inputs = inputs
        // A mosaic without a set minzoom starts where its tiles need few enough files.
        var served = definition
        if !definition.minZoomIsExplicit {
            let zooms = inputs.compactMap {
                $0.mosaic?.firstZoomWithinLimit(halo: definition.pipeline.halo, maxZoom: definition.maxZoom)
            }
            served.minZoom = zooms.max() ?? definition.minZoom
        }
        self.definition = served
        // A pipeline that cannot take what the sources feed it would fail every tile: refuse it now.
        let given = try definition.pipeline.checkBands(
            fedBy: inputs.map { .exactly($0.feedBands) }, at: root.appending("pipeline")
        ) { $0 < inputs.count ? inputs[$0].feedDescription : "input \($0)" }
        self.outputBands = given
        if let bands = given.known, !Self.encodedBands.contains(bands) {
            throw ConfigError(
                "the pipeline gives \(given); a tile is encoded from \(Self.encodedBands.lowerBound) to "
                    + "\(Self.encodedBands.upperBound) (grey, grey + alpha, RGB, RGBA)",
                at: root.appending("pipeline"))
        }
        guard (0...Self.maxHalo).contains(definition.pipeline.halo) else {
            throw ConfigError(
                "the pipeline's halo is \(definition.pipeline.halo) pixels; a layer reads 0…\(Self.maxHalo) around a tile",
                at: root.appending("pipeline"))
        }
        self.mercatorBounds = inputs.dropFirst().reduce(inputs[0].footprint) { $0.union($1.footprint) }
        // Terrain encodings carry heights in their bytes: only lossless formats keep them.
        let carriesData = definition.pipeline.finalEncoding?.encoding is any HeightEncoding
        let formats = definition.formats ?? (carriesData ? .lossless : .all)
        if carriesData && formats.serves(.jpeg) {
            throw ConfigError(
                "the pipeline ends in a terrain encoding, whose bytes are heights: JPEG would change them; "
                    + "formats may be png, webp (written losslessly) and tif", at: root.appending("formats"))
        }
        self.formats = formats
        var webp = options.webp
        webp.alwaysLossless = webp.alwaysLossless || carriesData
        var jpeg = options.jpeg
        jpeg.fill = formats.fill
        self.encoders = Self.encoders(options, webp: webp, jpeg: jpeg, serving: formats)
        self.pipelineHash = definition.pipeline.configHash
        self.configHash = ConfigHash.of([
            "sources": .array(inputs.map(\.config)),
            "pipeline": definition.pipeline.config,
            "png": [
                "level": .number(Double(options.encoder.compressionLevel)),
                "filter": options.encoder.filter.configValue,
            ],
            "webp": [
                "quality": .number(Double(webp.quality)), "method": .number(Double(webp.method)),
                "losslessEffort": .number(Double(webp.losslessEffort)), "alwaysLossless": .bool(webp.alwaysLossless),
            ],
            "jpeg": ["quality": .number(Double(jpeg.quality)), "subsampling": .string(jpeg.subsampling.rawValue)],
            "formats": formats.configValue,
            "errorThreshold": .number(options.errorThreshold),
        ])
        let stamps = inputs.flatMap(\.stamps)
        // A mosaic's directories are watched for files coming and going, but are not data.
        self.fileStamps = stamps + inputs.flatMap { $0.mosaic?.directoryStamps ?? [] }
        self.dataIdentity = ConfigHash.of(.array(stamps.map { .string($0.identity) }))
        self.transparentTiles = try Self.transparentTiles(options.encoder)
        if definition.pipeline.needsCalibration {
            self.pipeline = try Self.calibrate(
                definition.pipeline, inputs, mercatorBounds, size: options.calibrationSize)
        } else {
            self.pipeline = definition.pipeline
        }
        self.valuePipeline = pipeline.beforeFinalEncoding ?? pipeline
    }

    /// A layer serving the tiles of the archive its one source names, as stored: its bounds,
    /// zooms and format are the archive's (the layer file may narrow the zooms).
    private init(
        archiveOf definition: LayerDefinition, dataDirectory: DataDirectory, options: LayerOptions,
        readers: TileReaderCache
    ) throws(ConfigError) {
        let root = ConfigPath(root: "layer")
        let source = definition.sources[0]
        let resolved: String
        let archive: TileArchiveReader
        let stamp: FileStamp
        do {
            resolved = try dataDirectory.resolve(source.path)
            stamp = FileStamp(name: source.path, path: resolved)
            archive = try TileArchiveReader.open(path: resolved)
        } catch let error as DataPathError {
            throw ConfigError(error.message, at: source.origin.path)
        } catch {
            throw ConfigError("\(error)", at: source.origin.path)
        }
        let metadata = archive.metadata
        var served = definition
        served.minZoom = max(definition.minZoom, metadata.minZoom)
        served.maxZoom = min(definition.maxZoom, metadata.maxZoom)
        guard served.minZoom <= served.maxZoom else {
            throw ConfigError(
                "the archive holds zooms \(metadata.minZoom)–\(metadata.maxZoom), none of the layer's "
                    + "\(definition.minZoom)–\(definition.maxZoom)", at: root.appending("maxzoom"))
        }
        self.archive = archive
        self.definition = served
        self.options = options
        self.dataDirectory = dataDirectory
        self.readers = readers
        self.inputs = []
        self.outputBands = .unknown
        self.pipeline = definition.pipeline
        self.valuePipeline = definition.pipeline
        self.mercatorBounds = metadata.bounds.mercator
        let formats = LayerFormats(served: [metadata.format], fill: nil)
        self.formats = formats
        self.encoders = Self.encoders(options, webp: options.webp, jpeg: options.jpeg, serving: formats)
        self.pipelineHash = definition.pipeline.configHash
        self.fileStamps = [stamp]
        self.dataIdentity = ConfigHash.of(.array([.string(stamp.identity)]))
        self.configHash = ConfigHash.of([
            "archive": .string(source.path), "format": .string(metadata.format.fileExtension),
            "renderedWith": metadata.configHash.map { .string($0) } ?? .null,
        ])
        self.transparentTiles = try Self.transparentTiles(options.encoder)
    }

    /// The encoders of the formats `formats` serves.
    private static func encoders(
        _ options: LayerOptions, webp: WebPEncoder, jpeg: JPEGEncoder, serving formats: LayerFormats
    ) -> [TileFormat: TileEncoding] {
        let all: [TileFormat: TileEncoding] = [
            .geotiff: .geotiff(GeoTIFFEncoder()),
            .png: .png(options.encoder), .webp: .webp(webp), .jpeg: .jpeg(jpeg),
        ]
        return all.filter { formats.serves($0.key) }
    }

    /// The PNG tile without data at each scale.
    private static func transparentTiles(_ encoder: PNGEncoder) throws(ConfigError) -> [Int: Data] {
        do {
            return try Dictionary(
                uniqueKeysWithValues: Self.scales.map { scale throws(PNGError) in
                    let side = scale * WebMercatorQuad.tileSize
                    return (scale, try encoder.encodeTransparent(width: side, height: side).data)
                })
        } catch {
            throw ConfigError("cannot encode an empty tile: \(error)", at: ConfigPath(root: "layer"))
        }
    }

    /// The layer as it describes itself: every field that decides its tiles, its pipeline config
    /// as written, and — when operators took dataset statistics at load — the pipeline as bound.
    public var config: ConfigValue {
        var entries: [String: ConfigValue] = [
            "name": .string(name), "title": .string(title), "minzoom": .number(Double(minZoom)),
            "maxzoom": .number(Double(maxZoom)), "outside": outside.configValue,
            "sources": .array(inputs.map(\.config)), "pipeline": definition.pipeline.config,
        ]
        if let attribution { entries["attribution"] = .string(attribution) }
        if let ttl = definition.cacheTTL { entries["ttl"] = .number(Double(ttl)) }
        if definition.pipeline.needsCalibration { entries["calibratedPipeline"] = pipeline.config }
        if let path = definition.archivePath { entries["archive"] = .string(path) }
        return .object(entries)
    }

    /// A layer defined by `change` applied to this layer's definition (another pipeline, other
    /// bands or resampling), reading through this layer's raster handles: nothing is opened
    /// again, and the data directory and drivers confine it as they confine this layer.
    ///
    /// The result is checked as a layer loaded from a file is (band counts, halo, encodable
    /// output), with errors located under `layer`. It has a config hash of its own, so its tiles
    /// never share a cache key or an ETag with this layer's.
    public func derived(_ change: (inout LayerDefinition) throws(ConfigError) -> Void) throws(ConfigError) -> Layer {
        if archive != nil { throw ConfigError(Self.storedTilesOnly(name), at: ConfigPath(root: "layer")) }
        var definition = self.definition
        try change(&definition)
        definition.drivers = self.definition.drivers
        return try Layer(definition, dataDirectory: dataDirectory, options: options, readers: readers)
    }

    /// The tile scales served: 256-pixel tiles and 512-pixel `@2x` tiles.
    public static let scales = 1...2

    /// Whether any source file was rewritten, replaced or removed since the layer opened it: the
    /// layer then reads stale or broken data and should be loaded again.
    public func sourceFilesChanged() -> Bool {
        fileStamps.contains { FileStamp(name: $0.name, path: $0.path) != $0 }
    }

    /// Whether `tile` shares any area with the layer's data and can be read; answered without
    /// reading (`coverage(of:)` says why not).
    public func intersects(_ tile: TileID) -> Bool {
        coverage(of: tile).hasData
    }

    /// What the layer has for a tile of any grid (see `coverage(of:)` for windows).
    public func coverage(of tile: GridTile) -> TileCoverage {
        coverage(of: tile.window())
    }

    /// What the layer has for `tile`: data, nothing, or — for a mosaic — more files than a tile
    /// may read. Asks each source's footprint (a mosaic's index of its files, not the box around them).
    public func coverage(of tile: TileID) -> TileCoverage {
        coverage(of: RasterWindow(tile: tile).grid)
    }

    /// The layer's mosaic sources, in the order the pipeline takes them.
    public var mosaics: [MosaicSource] { inputs.compactMap(\.mosaic) }

    /// Whether the layer draws `tile`: within its zoom range and its bounds. Other tiles are
    /// answered as `outside` says, without rendering.
    public func serves(_ tile: TileID) -> Bool {
        serves(GridTile(tile))
    }

    /// Whether the layer draws a tile of any grid: within its zoom range and its bounds.
    public func serves(_ tile: GridTile) -> Bool {
        (minZoom...maxZoom).contains(tile.zoom) && coverage(of: tile).hasData
    }

    /// Renders one WebMercatorQuad tile (see `render(_:scale:format:)` for any grid).
    public func render(_ tile: TileID, scale: Int = 1, format: TileFormat? = nil) throws -> RenderedTile {
        try render(GridTile(tile), scale: scale, format: format)
    }

    /// Renders one tile of any tile matrix set at `scale` (1 = 256 pixels, 2 = 512 pixels) in
    /// `format` (nil: the layer's default), which the layer must serve.
    public func render(_ tile: GridTile, scale: Int = 1, format: TileFormat? = nil) throws -> RenderedTile {
        guard Self.scales.contains(scale) else {
            throw RenderError("the tile scale must be within \(Self.scales), found \(scale)")
        }
        let format = format ?? formats.primary
        guard let encoder = encoders[format] else { throw RenderError(notServed(format)) }
        if let archive { return try stored(tile, scale: scale, format: format, in: archive) }
        var timings = RenderTimings()
        // A GeoTIFF tile holds the values the tile's colours stand for.
        let tensor = try process(
            tile.window(tileSize: scale * WebMercatorQuad.tileSize),
            through: format.carriesValues ? valuePipeline : pipeline, reusable: true, timings: &timings)
        let started = ContinuousClock.now
        let data: Data
        var form: PNGForm?
        if case .png(let png) = encoder {
            // The PNG encoder says how it stored the pixels, which `render` and tests report.
            let encoded = try png.encode(tensor)
            (data, form) = (encoded.data, encoded.form)
        } else {
            data = try encoder.encodeTile(tensor).data
        }
        timings.encode = ContinuousClock.now - started
        return RenderedTile(
            tile: tile, scale: scale, data: data, format: format, form: form, timings: timings,
            warnings: tensor.warnings)
    }

    /// The tile without data at `scale` in `format` (nil: the default), for tiles answered as
    /// `transparent`: fully transparent, or JPEG's fill colour.
    public func transparentTile(scale: Int = 1, format: TileFormat? = nil) throws -> Data {
        let format = format ?? formats.primary
        if format == .png, let made = transparentTiles[scale] { return made }
        guard let encoder = encoders[format] else { throw RenderError(notServed(format)) }
        let side = scale * WebMercatorQuad.tileSize
        return try encoder.encodeTransparentTile(width: side, height: side).data
    }

    /// Why a tile in `format` is not drawn.
    private func notServed(_ format: TileFormat) -> String {
        "layer '\(name)' serves \(formats.served.map(\.fileExtension).joined(separator: ", ")) tiles, not \(format.fileExtension)"
    }

    /// Reads `window` padded by the pipeline's halo, runs the pipeline and crops the padding off:
    /// the pixels of a render before encoding. Any window gives the same pixels where windows
    /// overlap, so tiles join without seams.
    public func process(_ window: RasterWindow) throws -> GeoTensor {
        var timings = RenderTimings()
        return try process(window.grid, through: pipeline, reusable: true, timings: &timings)
    }

    /// The values of `window` before the final colormap or encoding (`valuePipeline`), read and cropped as
    /// `process` does: what a point query, statistics or a GeoTIFF report.
    public func values(_ window: RasterWindow) throws -> GeoTensor {
        var timings = RenderTimings()
        return try process(window.grid, through: valuePipeline, reusable: true, timings: &timings)
    }

    /// Reads the sources over `window`, in the order the pipeline takes them: `GDALError` when a
    /// source cannot be read, `RenderDeadlineExceeded` when a render's deadline passes.
    public func read(_ window: RasterWindow) throws -> [GeoTensor] {
        try read(window.grid, reusable: true)
    }

    /// Reads the sources over a window in any CRS; `reusable` keeps the warp state for the next
    /// read of the same shape (tiles), else it is made for this read alone. `level` reads the
    /// named file from that level (a window laid on its pixels) rather than the one gdalwarp's
    /// rule picks.
    func read(_ window: GridWindow, reusable: Bool, level: (path: String, level: SourceLevel)? = nil) throws
        -> [GeoTensor]
    {
        if archive != nil { throw RenderError(Self.storedTilesOnly(name)) }
        var tensors = [GeoTensor]()
        tensors.reserveCapacity(inputs.count)
        for input in inputs {
            let chosen = level.flatMap { input.reader?.info.path == $0.path ? $0.level : nil }
            tensors.append(try input.read(window, reusable: reusable, level: chosen))
        }
        return tensors
    }

    func process(
        _ window: GridWindow, through pipeline: any Operator, reusable: Bool,
        level: (path: String, level: SourceLevel)? = nil, timings: inout RenderTimings
    ) throws -> GeoTensor {
        let halo = pipeline.halo
        let padded = window.padded(by: halo)
        let started = ContinuousClock.now
        let tensors = try read(padded, reusable: reusable, level: level)
        let read = ContinuousClock.now
        timings.read += read - started
        let output = try pipeline.apply(inputs: tensors)
        guard output.width == padded.width, output.height == padded.height else {
            throw RenderError(
                "the pipeline turned a \(padded.width)×\(padded.height) window into "
                    + "\(output.width)×\(output.height); operators must keep the window's size")
        }
        var cropped = output.cropped(by: halo)
        // Padding out and cropping back leaves rounding in the origin: restore the exact grid.
        cropped.transform = window.transform
        timings.operators += ContinuousClock.now - read
        return cropped
    }

    /// The sources in the order the pipeline takes them: a Graph's named inputs, or the one input.
    private static func ordered(_ sources: [LayerSource], for pipeline: any Operator) throws(ConfigError)
        -> [LayerSource]
    {
        let root = ConfigPath(root: "layer")
        guard !sources.isEmpty else { throw ConfigError("a layer needs at least one source", at: root) }
        if let graph = pipeline as? Graph {
            guard graph.outputs.count == 1 else {
                throw ConfigError(
                    "a layer shows one output; this Graph has \(graph.outputs.count)",
                    at: root.appending("pipeline").appending("outputs"))
            }
            if sources.count == 1, sources[0].input == nil, graph.inputNames.count == 1 { return sources }
            let given = sources.compactMap(\.input)
            guard given.count == sources.count, Set(given) == Set(graph.inputNames) else {
                throw ConfigError(
                    "the pipeline's Graph takes the inputs \(graph.inputNames); 'sources' must name exactly "
                        + "these, found \(given.isEmpty ? "one unnamed source" : given.sorted().description)",
                    at: root.appending(sources.count == 1 && sources[0].input == nil ? "source" : "sources"))
            }
            return graph.inputNames.map { name in sources.first { $0.input == name }! }
        }
        guard sources.count == 1, sources[0].input == nil else {
            throw ConfigError(
                "named sources feed the named inputs of a Graph pipeline; this pipeline "
                    + "(\(pipeline.registryName)) takes one input, so give it one 'source'",
                at: root.appending("sources"))
        }
        return sources
    }

    /// Binds the pipeline's statistics to an overview of the whole layer, read once.
    private static func calibrate(
        _ pipeline: any Operator, _ inputs: [BoundSource], _ bounds: MercatorBounds, size: Int
    ) throws(ConfigError) -> any Operator {
        let path = ConfigPath(root: "layer").appending("pipeline")
        guard let area = bounds.intersection(WebMercatorQuad.world) else {
            throw ConfigError("the layer's data lies outside the WebMercatorQuad world", at: path)
        }
        let long = max(area.width, area.height)
        let window = RasterWindow(
            bounds: area, width: max(1, Int((Double(size) * area.width / long).rounded())),
            height: max(1, Int((Double(size) * area.height / long).rounded())))
        do {
            var sample = [GeoTensor]()
            for input in inputs { sample.append(try input.read(window.grid, reusable: true)) }
            return try pipeline.calibrated(with: sample).pipeline
        } catch {
            throw ConfigError(
                "cannot take the pipeline's statistics from a \(window.width)×\(window.height) overview "
                    + "of the data: \(error)", at: path)
        }
    }
}

/// A layer source opened for reading: one raster, or a mosaic of many.
struct BoundSource: Sendable {
    let source: LayerSource
    /// The raster read, when the source names one file.
    let reader: TileReader?
    /// The rasters read, when the source names many (a glob, a directory, a list).
    let mosaic: MosaicSource?
    let bands: [Int]
    /// The file as it was just before it was opened, then every other file GDAL reads for it
    /// (a VRT's sources, sidecars) as they were just after; every file of a mosaic.
    let stamps: [FileStamp]

    init(
        _ source: LayerSource, dataDirectory: DataDirectory, drivers: [String]?, readers: TileReaderCache,
        errorThreshold: Double, openFiles: Int
    ) throws(ConfigError) {
        self.source = source
        if MosaicMembership(dataDirectory: dataDirectory).isMosaic(source.paths) {
            let mosaic: MosaicSource
            let confinement = dataDirectory.confinement.narrowed(to: drivers)
            let key = TileReaderCache.MosaicKey(
                paths: source.paths, bands: source.bands, options: source.mosaic, confinement: confinement,
                errorThreshold: errorThreshold, openFiles: openFiles)
            do {
                mosaic = try readers.mosaic(key) { () throws(MosaicError) in
                    try MosaicSource(
                        paths: source.paths, bands: source.bands, options: source.mosaic, dataDirectory: dataDirectory,
                        confinement: confinement, readers: readers, errorThreshold: errorThreshold, openFiles: openFiles
                    )
                }
            } catch {
                throw ConfigError(error.description, at: source.origin.path)
            }
            self.reader = nil
            self.mosaic = mosaic
            self.bands = mosaic.bands
            self.stamps = mosaic.stamps
            return
        }
        let resolved: String
        let stamp: FileStamp
        let reader: TileReader
        do {
            resolved = try dataDirectory.resolve(source.path)
            // Taken before opening: a change after this point is seen by the next check.
            stamp = FileStamp(name: source.path, path: resolved)
            reader = try readers.reader(
                resolved, errorThreshold: errorThreshold,
                confinement: dataDirectory.confinement.narrowed(to: drivers))
        } catch let error as DataPathError {
            throw ConfigError(error.message, at: source.origin.path)
        } catch {
            throw ConfigError("\(error)", at: source.origin.path)
        }
        let info = reader.info
        bands = source.bands ?? info.dataBands
        for (index, band) in bands.enumerated() where band > info.bandCount {
            let at = source.bands == nil ? source.origin.bands : source.origin.bands.appending(index)
            throw ConfigError("band \(band) does not exist: \(source.path) has \(info.bandCount) bands", at: at)
        }
        self.reader = reader
        self.mosaic = nil
        let prefix = dataDirectory.root + "/"
        stamps =
            [stamp]
            + reader.files.filter { $0 != resolved && !SourceConfinement.isVirtual($0) }.map { file in
                FileStamp(name: file.hasPrefix(prefix) ? String(file.dropFirst(prefix.count)) : file, path: file)
            }
    }

    /// Where the bands come from, for messages: `layer.source (bands [1, 2, 3])`.
    var feedDescription: String {
        "layer." + (source.input.map { "sources.\($0)" } ?? "source") + " (bands \(bands))"
            + (mosaic?.options.method == .count ? " counted by 'mosaic: count'" : "")
    }

    /// How many bands the pipeline gets from this source.
    var feedBands: Int { mosaic?.outputBands ?? bands.count }

    /// Where the source has data: the file's footprint, or the box around a mosaic's files.
    var footprint: MercatorBounds {
        if let mosaic { return mosaic.mercatorBounds }
        return reader?.info.mercatorBounds ?? MercatorBounds(minX: 0, minY: 0, maxX: 0, maxY: 0)
    }

    /// What the source has for a tile over `area`, read over `readArea`.
    func coverage(of area: MercatorBounds, reading readArea: MercatorBounds) -> TileCoverage {
        if let mosaic { return mosaic.coverage(of: area, reading: readArea) }
        return footprint.intersects(area) ? .data : .outside
    }

    /// What this source contributes to the layer's config hash.
    var config: ConfigValue {
        var entries: [String: ConfigValue] = [
            "input": source.input.map { .string($0) } ?? .null,
            "path": .string(source.path),
            "bands": bands.configValue,
            "resampling": source.resampling.configValue,
        ]
        // Only when overridden, so the hashes of layers without an override stay as they were.
        if let noData = source.noData { entries["nodata"] = noData.isNaN ? "nan" : .number(noData) }
        if mosaic != nil {
            entries["path"] = .array(source.paths.map { .string($0) })
            entries["mosaic"] = source.mosaic.config
        }
        return .object(entries)
    }

    /// `level` (a single file's) reads that level rather than the one gdalwarp's rule picks.
    func read(_ window: GridWindow, reusable: Bool, level: SourceLevel? = nil) throws -> GeoTensor {
        if let mosaic {
            return try mosaic.read(window, resampling: source.resampling, noData: source.noData, reusable: reusable)
        }
        guard let reader else { throw GDALError("reading \(source.path)", "the source was not opened") }
        return try reader.read(
            window, bands: bands, resampling: source.resampling, noData: source.noData, reusable: reusable,
            level: level)
    }
}
