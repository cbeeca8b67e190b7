import GeoToolz
import GeoToolzCache
import GeoToolzIO
import Logging
import NIOCore
import NIOHTTP1

/// Answers every route: tiles, layer metadata, colormaps, health, metrics and static files.
public final class Endpoints: Sendable {
    let configuration: ServerConfiguration
    let registry: LayerRegistry
    let tiles: TileService
    let metrics: ServerMetrics
    let colormaps: ColormapLegends
    let staticFiles: StaticFiles
    let leafletFiles: StaticFiles
    let maplibreFiles: StaticFiles
    let health: HealthReporter
    let pipelines: PipelineService
    let logger: Logger
    /// Layers derived by requests' rendering parameters (`Endpoints+Parameters.swift`).
    let derived: DerivedLayers

    init(
        configuration: ServerConfiguration, registry: LayerRegistry, tiles: TileService, metrics: ServerMetrics,
        colormaps: ColormapLegends, health: HealthReporter, pipelines: PipelineService, logger: Logger,
        derived: DerivedLayers
    ) {
        self.derived = derived
        self.configuration = configuration
        self.registry = registry
        self.tiles = tiles
        self.metrics = metrics
        self.colormaps = colormaps
        self.health = health
        self.pipelines = pipelines
        self.logger = logger
        staticFiles = configuration.staticDirectory.map { StaticFiles(directory: $0) } ?? StaticFiles()
        leafletFiles = configuration.leafletDirectory.map { StaticFiles(directory: $0) } ?? StaticFiles()
        maplibreFiles = configuration.maplibreDirectory.map { StaticFiles(directory: $0) } ?? StaticFiles()
    }

    /// The reply to a routed request.
    public func reply(to request: RequestInfo) -> Reply {
        switch request.route {
        case .tile(let layer, let address), .gridTile(let layer, let address): return tile(layer, address, request)
        case .layers:
            let snapshot = registry.snapshot
            return .now(.json(.array(snapshot.names.map { summary(snapshot.layers[$0]!) })))
        case .layer(let name):
            guard let layer = registry.snapshot.layers[name] else { return .now(unknownLayer(name)) }
            var description = summary(layer).objectValue!
            description["config"] = layer.config
            description["pipelineHash"] = .string(layer.pipelineHash)
            description["parameters"] = .array(layer.definition.overrides.allowed.map { .string($0) })
            return .now(.json(.object(description)))
        case .tileJSON(let name):
            guard let layer = registry.snapshot.layers[name] else { return .now(unknownLayer(name)) }
            do {
                return .now(.json(tileJSON(layer, request, query: try tileQuery(of: layer, request))))
            } catch {
                return .now(.parameterError(error))
            }
        case .colormaps:
            return .now(.json(.array(colormaps.names.map { .string($0) })))
        case .colormap(let name):
            guard let lut = colormaps.entry(name)?.lut else { return .now(unknownColormap(name)) }
            let entries: [ConfigValue] = stride(from: 0, to: lut.count, by: 4).map { index in
                .array(lut[index..<index + 4].map { .number(Double($0)) })
            }
            return .now(.json(["name": .string(name), "lut": .array(entries)]))
        case .colormapLegend(let name):
            guard let png = colormaps.entry(name)?.legendPNG else { return .now(unknownColormap(name)) }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: "image/png")
            headers.add(name: "Cache-Control", value: "public, max-age=\(configuration.tileMaxAge)")
            return .now(HTTPResponse(status: .ok, headers: headers, body: ByteBuffer(bytes: png)))
        case .health: return .now(.json(health.report()))
        case .metrics:
            return .now(.text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8"))
        case .index: return .now(serve(staticFiles.file("index.html"), request, what: "index.html"))
        case .staticFile(let path): return .now(serve(staticFiles.file(path), request, what: path))
        case .leaflet(let path): return .now(serve(leafletFiles.file(path), request, what: path))
        case .maplibre(let path): return .now(serve(maplibreFiles.file(path), request, what: path))
        case .viewerConfig: return .now(.json(viewerConfig))
        case .openAPI: return .now(serve(OpenAPIDocument.file, request, what: "openapi.json"))
        case .apiDocs: return .now(serve(APIDocsPage.file, request, what: "docs"))
        case .layerDocument(let name):
            guard let layer = registry.snapshot.layers[name] else { return .now(unknownLayer(name)) }
            return .now(Self.yaml(["layer": .string(layer.name), "pipeline": layer.definition.pipeline.config]))
        case .createPipeline: return createPipeline(request, store: true)
        case .validatePipeline: return createPipeline(request, store: false)
        case .pipeline(let id): return pipelineRecipe(id, request, asYAML: false)
        case .pipelineDocument(let id): return pipelineRecipe(id, request, asYAML: true)
        case .pipelineTileJSON(let id): return pipelineTileJSON(id, request)
        case .pipelineTile(let id, let address): return pipelineTile(id, address, request)
        case .wmtsCapabilities:
            let snapshot = registry.snapshot
            let document = WMTSCapabilities.document(
                layers: snapshot.names.map { snapshot.layers[$0]! }, baseURL: baseURL(request))
            return .now(.text(document, contentType: "application/xml; charset=utf-8"))
        case .layerPoint(let name, let coordinates): return layerPoint(name, coordinates, request)
        case .layerInfo(let name): return layerInfo(name, request)
        case .pipelinePoint(let id, let coordinates): return pipelinePoint(id, coordinates, request)
        case .pipelineInfo(let id): return pipelineInfo(id, request)
        case .bbox, .preview, .statistics, .compare: return query(request)
        }
    }

    /// Counts a finished request. Only names of layers being served become metric labels:
    /// anything a client makes up counts as `unknown`, so clients cannot grow the metrics.
    func recordRequest(route: String, status: Int, layer: String?, seconds: Double) {
        let label = layer.map { registry.snapshot.layers[$0] == nil ? "unknown" : $0 }
        metrics.request(route: route, status: status, layer: label, seconds: seconds)
    }

    // MARK: Tiles

    private func tile(_ name: String, _ address: TileAddress, _ request: RequestInfo) -> Reply {
        servedLayer(name, request) { layer in
            // Only a request with a query pays for reading one.
            if let query = TileParameters.query(of: request.head.uri) {
                return derivedTile(layer, query, address, request)
            }
            return tile(of: layer, address, request)
        }
    }

    /// Answers with `respond` for the served layer `name`: 404 when unknown, 503 while its
    /// source files cannot be read (tiles, queries and point values alike).
    func servedLayer(_ name: String, _ request: RequestInfo, _ respond: (Layer) -> Reply) -> Reply {
        let snapshot = registry.snapshot
        guard let layer = snapshot.layers[name] else { return .now(unknownLayer(name)) }
        if snapshot.unavailable[name] != nil {
            return .now(
                .retryLater(
                    .serviceUnavailable, "source unavailable",
                    detail: "layer '\(name)': its source files changed and cannot be read now; retry later", after: 5,
                    requestID: request.id))
        }
        return respond(layer)
    }

    /// The served layer `name` for a query of its values: a layer serving an archive's stored
    /// tiles has none, and answers 404.
    func queriedLayer(_ name: String, _ request: RequestInfo, _ respond: (Layer) -> Reply) -> Reply {
        servedLayer(name, request) { layer in
            guard layer.archive == nil else {
                return .now(
                    .error(
                        .notFound, "no values",
                        detail: "layer '\(name)' serves the stored tiles of an archive: it has no values to query"))
            }
            return respond(layer)
        }
    }

    /// The tile of a served or derived layer.
    func tile(of layer: Layer, _ requested: TileAddress, _ request: RequestInfo) -> Reply {
        let name = layer.name
        let format = requested.format ?? TileNegotiation.format(accept: request.header("Accept"), among: layer.formats)
        let address = requested.with(format: format)
        guard layer.formats.serves(format) else {
            return .now(
                .error(
                    .notFound, "format not served",
                    detail: "layer '\(name)' serves "
                        + layer.formats.served.map { "." + $0.fileExtension }.joined(separator: ", ")
                        + " tiles, not .\(format.fileExtension)"))
        }
        guard layer.servedScales.contains(address.scale) else {
            return .now(
                .error(
                    .notFound, "no such scale",
                    detail:
                        "layer '\(name)' serves the stored tiles of an archive at their one size: no @\(address.scale)x"
                ))
        }
        guard let tile = address.gridTile else {
            let size = address.grid.matrixSize(zoom: min(address.z, 30))
            return .now(
                .error(
                    .notFound, "tile outside the tile matrix",
                    detail: "in \(address.grid.identifier), x must be below \(size.columns) and y below "
                        + "\(size.rows) at zoom \(address.z), and z at most \(WebMercatorQuad.maxZoom)"))
        }
        guard address.z >= layer.minZoom && address.z <= layer.maxZoom else {
            return .now(
                .error(
                    .notFound, "zoom outside the layer's range",
                    detail: "layer '\(name)' serves zooms \(layer.minZoom)–\(layer.maxZoom), not \(address.z)"))
        }
        let coverage = layer.coverage(of: tile)
        // The same URL answers other formats to other `Accept` headers: caches must key on it.
        let negotiated = requested.format == nil
        guard coverage.hasData else { return .now(outside(layer, address, coverage, negotiated: negotiated)) }

        let etag = Self.etag(layer, address)
        var headers = tileHeaders(layer, etag: etag)
        if negotiated { headers.add(name: "Vary", value: "Accept") }
        if let match = request.header("If-None-Match"), Self.matches(match, etag) {
            return .now(HTTPResponse(status: .notModified, headers: headers))
        }
        let future = tiles.tile(tile, scale: address.scale, format: format, of: layer, on: request.eventLoop).map {
            [headers] result -> HTTPResponse in
            var headers = headers
            headers.add(name: "Content-Type", value: format.mediaType)
            headers.add(name: "X-Cache", value: result.source.rawValue)
            if let rendered = result.rendered {
                headers.add(name: "Server-Timing", value: Self.serverTiming(rendered.timings))
            }
            if !result.tile.warnings.isEmpty {
                headers.add(name: "X-QC-Warnings", value: Self.headerSafe(result.tile.warnings.joined(separator: "; ")))
            }
            return HTTPResponse(status: .ok, headers: headers, body: result.tile.bytes)
        }.recover { [logger] error -> HTTPResponse in
            switch error {
            case TileFailure.overloaded:
                return .renderQueueFull
            case TileFailure.overBudget(let budget):
                return Self.overBudget(name, address, budget: budget, requestID: request.id, logger: logger)
            case TileFailure.renderFailed(let failure as JPEGError):
                // The tile has pixels JPEG cannot show; other formats or a fill colour can.
                guard case .transparent = failure else { fallthrough }
                return Self.jpegTransparent(name, address, failure, requestID: request.id)
            default:
                let failure = TileFailure.classify(error)
                logger.error(
                    "render failed",
                    metadata: [
                        "request": "\(request.id)", "layer": "\(name)", "tile": "\(address)",
                        "reason": "\(failure.cause)",
                    ])
                return .error(
                    .internalServerError, "render failed",
                    detail: "layer '\(name)', tile \(address.z)/\(address.x)/\(address.y): \(failure.summary)",
                    requestID: request.id)
            }
        }
        return .later(future)
    }

    private func outside(_ layer: Layer, _ address: TileAddress, _ coverage: TileCoverage, negotiated: Bool)
        -> HTTPResponse
    {
        var headers = HTTPHeaders()
        if negotiated { headers.add(name: "Vary", value: "Accept") }
        // A mosaic tile over too many files is empty for a reason the client may want to know.
        if case .tooManyFiles = coverage { headers.add(name: "X-Mosaic", value: "too-many-files") }
        headers.add(name: "Cache-Control", value: "public, max-age=\(configuration.tileMaxAge)")
        headers.add(name: "X-Config-Hash", value: layer.configHash)
        switch layer.outside {
        case .empty:
            return HTTPResponse(status: .noContent, headers: headers)
        case .transparent:
            let format = address.format ?? layer.formats.primary
            // Values have no transparent form: a GeoTIFF tile without data has no content.
            if format.carriesValues { return HTTPResponse(status: .noContent, headers: headers) }
            do {
                let empty = try layer.transparentTile(scale: address.scale, format: format)
                headers.add(name: "Content-Type", value: format.mediaType)
                return HTTPResponse(status: .ok, headers: headers, body: ByteBuffer(bytes: empty))
            } catch let failure as JPEGError {
                return Self.jpegTransparent(layer.name, address, failure, requestID: nil)
            } catch {
                return .error(.notFound, "no such scale", detail: "tiles are served at @1x and @2x")
            }
        }
    }

    /// 400 for a JPEG tile with transparent pixels in a layer without a `fill` colour.
    private static func jpegTransparent(
        _ layer: String, _ address: TileAddress, _ failure: JPEGError, requestID: RequestID?
    )
        -> HTTPResponse
    {
        .error(
            .badRequest, "tile not drawable as JPEG",
            detail: "layer '\(layer)', tile \(address.z)/\(address.x)/\(address.y): \(failure)", requestID: requestID)
    }

    private func tileHeaders(_ layer: Layer, etag: String) -> HTTPHeaders {
        var headers = HTTPHeaders()
        headers.reserveCapacity(8)
        headers.add(name: "ETag", value: etag)
        headers.add(name: "Cache-Control", value: "public, max-age=\(configuration.tileMaxAge)")
        headers.add(name: "X-Config-Hash", value: layer.configHash)
        return headers
    }

    /// Strong: it changes with the pipeline, the data, the tile, the scale and the format.
    static func etag(_ layer: Layer, _ address: TileAddress) -> String {
        let format = address.format.map { $0 == .png ? "" : "-" + $0.fileExtension } ?? ""
        let grid = address.grid == .webMercatorQuad ? "" : "-" + address.grid.identifier
        return
            "\"\(layer.configHash.prefix(16))-\(layer.dataIdentity.prefix(16))-\(address.z)-\(address.x)-\(address.y)-\(address.scale)\(format)\(grid)\""
    }

    /// `If-None-Match` holds a list of entity tags, or `*`.
    static func matches(_ header: String, _ etag: String) -> Bool {
        header.split(separator: ",").contains { candidate in
            let trimmed = candidate.trimmingSpaces
            return trimmed == "*" || trimmed == etag
        }
    }

    static func serverTiming(_ timings: RenderTimings) -> String {
        func ms(_ duration: Duration) -> String {
            String((duration.milliseconds * 1000).rounded() / 1000)
        }
        return "read;dur=\(ms(timings.read)), operators;dur=\(ms(timings.operators)), encode;dur=\(ms(timings.encode))"
    }

    /// Header values may not carry line breaks or other control characters.
    static func headerSafe(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7f ? " " : $0 }))
            .prefix(1024).description
    }

    // MARK: Metadata

    private func summary(_ layer: Layer) -> ConfigValue {
        var entries: [String: ConfigValue] = [
            "name": .string(layer.name), "title": .string(layer.title),
            "bounds": boundsValue(layer.bounds), "minzoom": .number(Double(layer.minZoom)),
            "maxzoom": .number(Double(layer.maxZoom)), "configHash": .string(layer.configHash),
            "tilejson": .string("/layers/\(layer.name)/tilejson.json"),
        ]
        if let attribution = layer.attribution { entries["attribution"] = .string(attribution) }
        entries.merge(layer.demEncoding) { $1 }
        return .object(entries)
    }

    private func boundsValue(_ bounds: GeoBounds) -> ConfigValue {
        .array([bounds.west, bounds.south, bounds.east, bounds.north].map { .number($0) })
    }

    /// TileJSON; `path` replaces `/tiles/{layer}` in the tile URLs (a posted pipeline's), and
    /// `query` (canonical rendering parameters) goes on every tile URL, as TiTiler does.
    func tileJSON(_ layer: Layer, _ request: RequestInfo, tiles path: String? = nil, query: String = "")
        -> ConfigValue
    {
        let bounds = layer.bounds
        var json: [String: ConfigValue] = [
            "tilejson": "3.0.0",
            "name": .string(layer.name),
            "description": .string(layer.title),
            "version": "1.0.0",
            "scheme": "xyz",
            "tiles": [
                .string(
                    baseURL(request) + (path ?? "/tiles/\(layer.name)") + "/{z}/{x}/{y}.png"
                        + (query.isEmpty ? "" : "?" + query))
            ],
            "minzoom": .number(Double(layer.minZoom)),
            "maxzoom": .number(Double(layer.maxZoom)),
            "bounds": boundsValue(bounds),
            "center": [
                .number((bounds.west + bounds.east) / 2), .number((bounds.south + bounds.north) / 2),
                .number(Double(layer.minZoom)),
            ],
        ]
        if let attribution = layer.attribution { json["attribution"] = .string(attribution) }
        json.merge(layer.demEncoding) { $1 }
        // Other grids' URLs beside TileJSON's own; a pipeline's tiles come in WebMercatorQuad only.
        if path == nil {
            json["tileMatrixSets"] = .object(
                Dictionary(
                    uniqueKeysWithValues: TileMatrixSet.all.map { grid in
                        (
                            grid.identifier,
                            .string(
                                baseURL(request) + "/tiles/\(layer.name)/\(grid.identifier)/{z}/{x}/{y}.png"
                                    + (query.isEmpty ? "" : "?" + query))
                        )
                    }))
        }
        return .object(json)
    }

    /// `scheme://host` as the client reached the server. Client-supplied hosts end up in URLs
    /// other clients follow: only well-formed ones are used.
    func baseURL(_ request: RequestInfo) -> String {
        let host =
            [request.header("X-Forwarded-Host"), request.header("Host")].lazy.compactMap { $0 }
            .first(where: HostHeader.isValid) ?? "\(configuration.host):\(configuration.port)"
        let scheme = request.header("X-Forwarded-Proto") == "https" ? "https" : "http"
        return "\(scheme)://\(host)"
    }

    // MARK: Files and errors

    private func serve(_ file: StaticFiles.File?, _ request: RequestInfo, what: String) -> HTTPResponse {
        guard let file else { return .error(.notFound, "not found", detail: "no file '\(what)'") }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: file.contentType)
        headers.add(name: "ETag", value: file.etag)
        headers.add(name: "Cache-Control", value: "public, max-age=300")
        if let match = request.header("If-None-Match"), Self.matches(match, file.etag) {
            return HTTPResponse(status: .notModified, headers: headers)
        }
        return HTTPResponse(status: .ok, headers: headers, body: file.body)
    }

    func unknownLayer(_ name: String) -> HTTPResponse {
        .error(
            .notFound, "unknown layer",
            detail: "no layer '\(Self.headerSafe(name))'; known: \(registry.snapshot.names.joined(separator: ", "))")
    }

    private func unknownColormap(_ name: String) -> HTTPResponse {
        .error(.notFound, "unknown colormap", detail: "no colormap '\(Self.headerSafe(name))'; see /colormaps")
    }
}

extension Substring {
    fileprivate var trimmingSpaces: Substring {
        var text = self
        while text.first == " " || text.first == "\t" { text = text.dropFirst() }
        while text.last == " " || text.last == "\t" { text = text.dropLast() }
        return text
    }
}
