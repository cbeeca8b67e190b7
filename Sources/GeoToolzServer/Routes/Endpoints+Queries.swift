import Foundation
import GeoToolz
import GeoToolzIO
import NIOCore
import NIOHTTP1

/// `/bbox`, `/preview.png` and `/statistics` of layers and stored pipelines: reads of areas other
/// than tiles, through the layer's own sources and pipeline, bounded in pixels and run on the
/// render threads under the render budget.
extension Endpoints {
    /// Answers a query route.
    func query(_ request: RequestInfo) -> Reply {
        do {
            switch request.route {
            case .bbox(let target, let address): return try bboxImage(target, address, request)
            case .preview(let target): return try preview(target, request)
            case .statistics(let target): return try statistics(target, request)
            case .compare(let old, let new, let address): return try compare(old, new, address, request)
            default: return .now(.error(.notFound, "not found", detail: "no route for this path"))
            }
        } catch let refused as TileParameterError {
            return .now(.parameterError(refused))
        } catch let tooLarge as TooManyPixels {
            return .now(tooLarge.response)
        } catch {
            return .now(.error(.badRequest, "invalid request", detail: "\(error)"))
        }
    }

    // MARK: Routes

    /// `…/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.{png|tif}`.
    private func bboxImage(_ target: QueryTarget, _ address: BBoxAddress, _ request: RequestInfo) throws -> Reply {
        let query = try QueryParameters(TileParameters.query(of: request.head.uri), allowed: ["dst_crs"])
        let bounds = try QueryParameters.box(address.bbox, names: ["minx", "miny", "maxx", "maxy"])
        let sides = address.size.split(separator: "x", omittingEmptySubsequences: false)
        guard sides.count == 2 else {
            throw TileParameterError("width", "the size is {width}x{height}, got '\(address.size.prefix(32))'")
        }
        let width = try QueryParameters.integer(sides[0], "width", in: 1...QueryLimits.maxSide)
        let height = try QueryParameters.integer(sides[1], "height", in: 1...QueryLimits.maxSide)
        let crs: GridCRS
        do {
            crs = try query.value("dst_crs").map { text throws(GDALError) in try GridCRS(parsing: text) } ?? .lonLat
        } catch {
            throw TileParameterError("dst_crs", error.message)
        }
        try Self.checkQueryable(crs, bounds)
        try checkPixels(width * height, what: "a \(width)×\(height) image")
        let window = GridWindow(crs: crs, bounds: bounds, width: width, height: height)
        let format = address.format
        return withLayer(target, request) { layer in
            let padded = window.padded(by: layer.halo)
            if let refusal = self.pixelRefusal(
                padded.pixelCount, what: "the \(padded.width)×\(padded.height) window the pipeline reads")
            {
                return .now(refusal)
            }
            if case .tooManyFiles(let files) = layer.coverage(of: window) { return .now(Self.tooManyFiles(files)) }
            return self.image(of: layer, request, format: format) { () throws -> Data in
                switch format {
                case .png: try layer.options.encoder.encode(try layer.process(window)).data
                case .tif: try GeoTIFFEncoder().encode(try layer.values(window))
                }
            }
        }
    }

    /// Refuses a CRS outside the ones boxes may be asked in, and a box outside its CRS's domain:
    /// GDAL's reprojection cannot be stopped by the render budget, and some CRSs, or coordinates
    /// far outside a projection's domain, keep it computing for minutes.
    private static func checkQueryable(_ crs: GridCRS, _ bounds: GridBounds) throws {
        let half = WebMercatorQuad.halfWorld
        let domain: (x: ClosedRange<Double>, y: ClosedRange<Double>)
        switch crs.epsg {
        case 4326?: domain = (-180...180, -90...90)
        case 3857?: domain = (-half...half, -half...half)
        // WGS 84 / UTM, north and south: eastings within a zone and its neighbours, northings
        // from the equator (or the south's false northing) to the pole.
        case let code? where (32601...32660).contains(code) || (32701...32760).contains(code):
            domain = (-1_000_000...2_000_000, -1_000_000...11_000_000)
        default:
            throw TileParameterError(
                "dst_crs", "boxes are given in EPSG:4326, EPSG:3857 or a WGS 84 UTM zone (EPSG:326xx, 327xx)")
        }
        guard domain.x.contains(bounds.minX), domain.x.contains(bounds.maxX), domain.y.contains(bounds.minY),
            domain.y.contains(bounds.maxY)
        else {
            throw TileParameterError(
                "bbox",
                "the box lies outside \(crs): x within \(domain.x.lowerBound)…\(domain.x.upperBound), "
                    + "y within \(domain.y.lowerBound)…\(domain.y.upperBound)")
        }
    }

    /// `…/preview.png?max_size=N`: the whole layer, its longest side N pixels.
    private func preview(_ target: QueryTarget, _ request: RequestInfo) throws -> Reply {
        let query = try QueryParameters(TileParameters.query(of: request.head.uri), allowed: ["max_size"])
        let maxSize = try query.integer("max_size", in: 1...QueryLimits.maxSide, default: 1024)
        return withLayer(target, request) { layer in
            guard let area = layer.mercatorBounds.intersection(WebMercatorQuad.world) else {
                return .now(.error(.notFound, "no data", detail: "layer '\(layer.name)' has no data on the map"))
            }
            let long = max(area.width, area.height)
            let width =
                area.width >= area.height ? maxSize : max(1, Int((Double(maxSize) * area.width / long).rounded()))
            let height =
                area.height >= area.width ? maxSize : max(1, Int((Double(maxSize) * area.height / long).rounded()))
            let window = GridWindow(crs: .webMercator, bounds: GridBounds(area), width: width, height: height)
            if let refusal = self.pixelRefusal(
                window.padded(by: layer.halo).pixelCount, what: "a \(width)×\(height) preview")
            {
                return .now(refusal)
            }
            if case .tooManyFiles(let files) = layer.coverage(of: window) { return .now(Self.tooManyFiles(files)) }
            return self.image(of: layer, request, format: .png) {
                try layer.options.encoder.encode(try layer.process(window)).data
            }
        }
    }

    /// `…/statistics?bbox=…&p=…&bins=…`, or a GeoJSON area posted.
    private func statistics(_ target: QueryTarget, _ request: RequestInfo) throws -> Reply {
        let posted = request.head.method == .POST
        let query = try QueryParameters(
            TileParameters.query(of: request.head.uri), allowed: posted ? ["p", "bins"] : ["bbox", "p", "bins"],
            repeatable: ["p"])
        var percents: [Double] = [2, 50, 98]
        for text in query.all("p") {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                let percent = try QueryParameters.number(part, "p")
                guard (0...100).contains(percent) else {
                    throw TileParameterError("p", "percentiles lie from 0 to 100")
                }
                if !percents.contains(percent) { percents.append(percent) }
            }
        }
        guard percents.count <= QueryLimits.maxPercentiles else {
            throw TileParameterError("p", "at most \(QueryLimits.maxPercentiles) percentiles")
        }
        let bins = try query.integer("bins", in: 1...QueryLimits.maxBins, default: 10)
        let area: AreaPolygons?
        if posted {
            guard let body = request.body, body.readableBytes > 0 else {
                throw TileParameterError("body", "post a GeoJSON Polygon, MultiPolygon or Feature")
            }
            do {
                area = try GeoJSONArea.read(Array(body.readableBytesView), maxPositions: QueryLimits.maxAreaPositions)
            } catch {
                throw TileParameterError("body", error.description)
            }
        } else if let text = query.value("bbox") {
            let box = try QueryParameters.box(text, names: ["bbox"])
            guard box.minX >= -180, box.maxX <= 180, box.minY >= -90, box.maxY <= 90 else {
                throw TileParameterError("bbox", "minlon,minlat,maxlon,maxlat within ±180 and ±90 degrees")
            }
            area = AreaPolygons(GeoBounds(west: box.minX, south: box.minY, east: box.maxX, north: box.maxY))
        } else {
            area = nil
        }
        let maxPixels = configuration.queries.statisticsMaxPixels
        let percentiles = percents
        return withLayer(target, request) { layer in
            let region = area ?? AreaPolygons(layer.bounds)
            let future = self.queryRunner.run(layer: layer.name, on: request.eventLoop) { () throws -> ConfigValue in
                try LayerStatistics(
                    layer, over: region, maxPixels: maxPixels, percentiles: percentiles, bins: bins
                ).json(area: area == nil ? "layer" : posted ? "polygon" : "bbox", layer: layer)
            }
            return .later(
                future.map { json in
                    var response = HTTPResponse.json(json)
                    response.headers.add(name: "X-Config-Hash", value: layer.configHash)
                    response.headers.add(name: "Cache-Control", value: "no-cache")
                    return response
                }.recover { self.failure($0, layer: layer, request) })
        }
    }

    // MARK: Shared

    /// The render threads and budget tiles use, for queries.
    var queryRunner: QueryRunner {
        QueryRunner(pool: tiles.pool, metrics: metrics, budget: tiles.renderBudget)
    }

    /// Finds the layer a query reads (a served layer, or a stored pipeline's), then answers.
    func withLayer(
        _ target: QueryTarget, _ request: RequestInfo, _ respond: @escaping @Sendable (Layer) -> Reply
    )
        -> Reply
    {
        switch target {
        case .layer(let name):
            return queriedLayer(name, request, respond)
        case .pipeline(let id):
            guard pipelines.access != .off else { return .now(Self.response(for: PipelineService.Refusal.disabled)) }
            if let ready = pipelines.ready(id) { return respond(ready.layer) }
            let eventLoop = request.eventLoop
            let future = pipelines.resolve(id, on: eventLoop).flatMap { resolved -> EventLoopFuture<HTTPResponse> in
                switch respond(resolved.layer) {
                case .now(let response): return eventLoop.makeSucceededFuture(response)
                case .later(let response): return response
                }
            }
            return .later(future.recover { Self.response(for: $0) })
        }
    }

    /// An image made by `make` on a render thread.
    func image(
        of layer: Layer, _ request: RequestInfo, format: QueryImageFormat, _ make: @escaping @Sendable () throws -> Data
    ) -> Reply {
        let future = queryRunner.run(layer: layer.name, on: request.eventLoop, make).map { data -> HTTPResponse in
            var headers = HTTPHeaders()
            headers.add(name: "Content-Type", value: format == .png ? "image/png" : GeoTIFFEncoder.mediaType)
            headers.add(name: "X-Config-Hash", value: layer.configHash)
            // No ETag is kept for these one-off renders: a client asks again rather than keep a
            // copy that a changed layer or source file would make stale.
            headers.add(name: "Cache-Control", value: "no-cache")
            return HTTPResponse(status: .ok, headers: headers, body: ByteBuffer(bytes: data))
        }
        return .later(future.recover { self.failure($0, layer: layer, request) })
    }

    /// The answer to a query that failed on its render thread.
    private func failure(_ error: any Error, layer: Layer, _ request: RequestInfo) -> HTTPResponse {
        switch error {
        case QueryRunner.Failure.overloaded:
            return .renderQueueFull
        case QueryRunner.Failure.overBudget(let budget):
            let milliseconds = Int(budget.milliseconds.rounded())
            logger.warning(
                "query over budget",
                metadata: ["request": "\(request.id)", "layer": "\(layer.name)", "budget": "\(milliseconds) ms"])
            return .retryLater(
                .serviceUnavailable, "render over budget",
                detail: "layer '\(layer.name)': the request took longer than its \(milliseconds) ms budget and was "
                    + "abandoned; retry later or ask for less", after: Self.retryAfterSeconds(budget),
                requestID: request.id)
        case let grid as GridError:
            switch grid {
            case .tooManyPixels(let pixels, let limit):
                return TooManyPixels(
                    pixels: pixels, limit: limit, what: "the area, even from the coarsest overview,",
                    flag: "--statistics-max-pixels"
                ).response
            case .tooManyFiles(let files): return Self.tooManyFiles(files)
            case .outside, .unprojectable:
                return .error(.badRequest, "invalid parameter", detail: "area: \(grid)", parameter: "bbox")
            case .storedTilesOnly:
                return .error(.notFound, "no values", detail: grid.description)
            }
        default:
            let failure = TileFailure.classify(error)
            logger.error(
                "query failed",
                metadata: ["request": "\(request.id)", "layer": "\(layer.name)", "reason": "\(failure.cause)"])
            return .error(
                .internalServerError, "render failed", detail: "layer '\(layer.name)': \(failure.summary)",
                requestID: request.id)
        }
    }

    private func checkPixels(_ pixels: Int, what: String) throws(TooManyPixels) {
        let limit = configuration.queries.maxPixels
        guard pixels <= limit else { throw TooManyPixels(pixels: pixels, limit: limit, what: what) }
    }

    /// The 413 of `pixels` over the limit, or nil.
    private func pixelRefusal(_ pixels: Int, what: String) -> HTTPResponse? {
        let limit = configuration.queries.maxPixels
        return pixels <= limit ? nil : TooManyPixels(pixels: pixels, limit: limit, what: what).response
    }

    private static func tooManyFiles(_ files: Int) -> HTTPResponse {
        .error(
            .payloadTooLarge, "too many files",
            detail: "the area spans more than \(files) files of the mosaic, which has no overview to read instead")
    }
}

/// A request that would make or read more pixels than `--query-max-pixels`: 413.
struct TooManyPixels: Error {
    let pixels: Int
    let limit: Int
    let what: String
    /// The flag that sets the limit.
    var flag = "--query-max-pixels"

    var response: HTTPResponse {
        .error(
            .payloadTooLarge, "too many pixels",
            detail: "\(what) takes \(pixels) pixels, more than this server's \(limit) (\(flag))")
    }
}
