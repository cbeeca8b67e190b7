import GeoToolzCache
import GeoToolzIO

/// What a request path asks for.
public enum Route: Equatable, Sendable {
    case tile(layer: String, TileAddress)
    /// A tile in a named tile matrix set: `/tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}`.
    case gridTile(layer: String, TileAddress)
    case layers
    case layer(String)
    case tileJSON(String)
    case colormaps
    case colormap(String)
    case colormapLegend(String)
    case health
    case metrics
    case index
    case staticFile(String)
    case leaflet(String)
    /// A file of the local MapLibre GL JS copy.
    case maplibre(String)
    /// What the viewer needs beyond the layers (the basemap).
    case viewerConfig
    /// The OpenAPI document of these routes.
    case openAPI
    /// The OpenAPI document as a page.
    case apiDocs
    /// A layer's editable document as YAML: `layer:` and its `pipeline:`.
    case layerDocument(String)
    /// `POST /pipelines`: stores a posted pipeline.
    case createPipeline
    /// `POST /pipelines/validate`: checks a posted pipeline without storing it.
    case validatePipeline
    /// A stored pipeline's recipe.
    case pipeline(String)
    /// A stored pipeline's recipe as YAML.
    case pipelineDocument(String)
    /// A stored pipeline's TileJSON.
    case pipelineTileJSON(String)
    /// A tile drawn by a stored pipeline.
    case pipelineTile(id: String, TileAddress)
    /// The WMTS 1.0.0 capabilities document (RESTful).
    case wmtsCapabilities
    /// A layer's values at `{lon},{lat}` (the segment as sent; the endpoint reads it).
    case layerPoint(String, coordinates: String)
    /// What a layer reads: bands, types, nodata, CRS, resolution, bounds, files.
    case layerInfo(String)
    /// A stored pipeline's values at `{lon},{lat}`.
    case pipelinePoint(id: String, coordinates: String)
    /// What a stored pipeline's layer reads.
    case pipelineInfo(String)
    /// An image of a box in any CRS (`Endpoints+Queries.swift`).
    case bbox(QueryTarget, BBoxAddress)
    /// The whole layer in one image.
    case preview(QueryTarget)
    /// Statistics over an area (GET with `bbox`, or POST a GeoJSON polygon).
    case statistics(QueryTarget)
    /// `/compare/{a}/{b}/{z}/{x}/{y}.png`: the difference of two layers or stored pipelines.
    case compare(QueryTarget, QueryTarget, TileAddress)

    /// The route's name in metrics and logs.
    public var metricName: String {
        switch self {
        case .tile, .gridTile: "tile"
        case .layers: "layers"
        case .layer: "layer"
        case .tileJSON: "tilejson"
        case .colormaps: "colormaps"
        case .colormap: "colormap"
        case .colormapLegend: "colormap_legend"
        case .health: "health"
        case .metrics: "metrics"
        case .index, .staticFile, .leaflet, .maplibre: "static"
        case .viewerConfig: "viewer_config"
        case .openAPI: "openapi"
        case .apiDocs: "docs"
        case .layerDocument: "layer_document"
        case .createPipeline: "pipeline_create"
        case .validatePipeline: "pipeline_validate"
        case .pipeline, .pipelineDocument: "pipeline"
        case .pipelineTileJSON: "pipeline_tilejson"
        case .pipelineTile: "pipeline_tile"
        case .wmtsCapabilities: "wmts"
        case .layerPoint, .pipelinePoint: "point"
        case .layerInfo, .pipelineInfo: "info"
        case .bbox: "bbox"
        case .preview: "preview"
        case .statistics: "statistics"
        case .compare: "compare"
        }
    }

    /// The methods the route answers, as `Allow` lists them.
    public var allowedMethods: String {
        switch self {
        case .createPipeline, .validatePipeline: "POST, OPTIONS"
        case .statistics: "GET, HEAD, POST, OPTIONS"
        default: "GET, HEAD, OPTIONS"
        }
    }

    /// Whether the route takes a request body (POST).
    public var takesBody: Bool {
        switch self {
        case .createPipeline, .validatePipeline: true
        default: false
        }
    }

    /// The layer a route is about, for metrics.
    public var layerName: String? {
        switch self {
        case .tile(let layer, _), .gridTile(let layer, _), .layer(let layer), .tileJSON(let layer),
            .layerDocument(let layer),
            .layerPoint(let layer, _), .layerInfo(let layer):
            layer
        case .bbox(let target, _), .preview(let target), .statistics(let target): target.layerName
        case .compare(let target, _, _): target.layerName
        default: nil
        }
    }
}

/// Why a path matches no route, or matches one with unusable parts.
public enum RouteError: Error, Equatable, Sendable {
    /// The path has the shape of a route but a malformed part (400).
    case malformed(String)
    /// No route has this shape (404).
    case notFound
}

extension Route {
    /// Parses a request target (path and optional query; the query is ignored).
    public static func parse(_ target: Substring) throws(RouteError) -> Route {
        var path = target
        if let query = path.firstIndex(where: { $0 == "?" || $0 == "#" }) { path = path[..<query] }
        guard path.first == "/" else { throw .malformed("the path must start with '/'") }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        switch parts.first {
        case "" where parts.count == 1: return .index
        case "tiles": return try parseTile(parts.dropFirst())
        case "layers":
            switch parts.count {
            case 1: return .layers
            case 2 where !parts[1].isEmpty: return .layer(String(parts[1]))
            case 3 where !parts[1].isEmpty && parts[2] == "tilejson.json": return .tileJSON(String(parts[1]))
            case 3 where !parts[1].isEmpty && parts[2] == "pipeline.yaml": return .layerDocument(String(parts[1]))
            case 3 where !parts[1].isEmpty && parts[2] == "info": return .layerInfo(String(parts[1]))
            case 4 where !parts[1].isEmpty && parts[2] == "point":
                return .layerPoint(String(parts[1]), coordinates: String(parts[3]))
            case 3...5 where !parts[1].isEmpty:
                guard let route = try queryRoute(.layer(String(parts[1])), parts.dropFirst(2)) else { throw .notFound }
                return route
            default: throw .notFound
            }
        case "pipelines": return try parsePipeline(parts.dropFirst())
        case "colormaps":
            switch parts.count {
            case 1: return .colormaps
            case 2 where parts[1].hasSuffix(".png") && parts[1].count > 4:
                return .colormapLegend(String(parts[1].dropLast(4)))
            case 2 where !parts[1].isEmpty: return .colormap(String(parts[1]))
            default: throw .notFound
            }
        case "health" where parts.count == 1: return .health
        case "metrics" where parts.count == 1: return .metrics
        case "wmts" where parts.count == 3 && parts[1] == "1.0.0" && parts[2] == "WMTSCapabilities.xml":
            return .wmtsCapabilities
        case "openapi.json" where parts.count == 1: return .openAPI
        case "docs" where parts.count == 1: return .apiDocs
        case "static": return .staticFile(try safeRelativePath(parts.dropFirst()))
        case "vendor" where parts.count > 2 && parts[1] == "leaflet":
            return .leaflet(try safeRelativePath(parts.dropFirst(2)))
        case "vendor" where parts.count > 2 && parts[1] == "maplibre":
            return .maplibre(try safeRelativePath(parts.dropFirst(2)))
        case "viewer" where parts.count == 2 && parts[1] == "config.json": return .viewerConfig
        case "compare": return try parseCompare(parts.dropFirst())
        default: throw .notFound
        }
    }

    /// `/pipelines`, `/pipelines/validate` and `/pipelines/{id}[/pipeline.yaml|/tilejson.json|/tiles/…]`.
    private static func parsePipeline(_ parts: ArraySlice<Substring>) throws(RouteError) -> Route {
        guard let first = parts.first else { return .createPipeline }
        if parts.count == 1 && first == "validate" { return .validatePipeline }
        if parts.count == 1 && first.isEmpty { throw .notFound }
        guard PipelineRecipe.isID(first) else {
            throw .malformed("a pipeline id is 64 lowercase hex digits, got '\(first.prefix(80))'")
        }
        let id = String(first)
        let rest = parts.dropFirst()
        switch rest.first {
        case nil: return .pipeline(id)
        case "pipeline.yaml" where rest.count == 1: return .pipelineDocument(id)
        case "tilejson.json" where rest.count == 1: return .pipelineTileJSON(id)
        case "info" where rest.count == 1: return .pipelineInfo(id)
        case "point" where rest.count == 2: return .pipelinePoint(id: id, coordinates: String(rest.last!))
        case "bbox", "preview.png", "statistics":
            guard let route = try queryRoute(.pipeline(id), rest) else { throw .notFound }
            return route
        case "tiles":
            guard rest.count == 4 else {
                throw .malformed("expected /pipelines/{id}/tiles/{z}/{x}/{y}.png or {y}@2x.png")
            }
            return .pipelineTile(id: id, try tileAddress(rest.dropFirst()))
        default: throw .notFound
        }
    }

    /// `{a}/{b}/{z}/{x}/{y}.png`, each of `a` and `b` a layer's name or a stored pipeline's id.
    private static func parseCompare(_ parts: ArraySlice<Substring>) throws(RouteError) -> Route {
        guard parts.count == 5, parts.last?.hasSuffix(".png") == true else {
            throw .malformed("expected /compare/{a}/{b}/{z}/{x}/{y}.png, a and b layers or stored pipeline ids")
        }
        func target(_ part: Substring) throws(RouteError) -> QueryTarget {
            guard !part.isEmpty else { throw .malformed("a compared layer's name is empty") }
            return PipelineRecipe.isID(part) ? .pipeline(String(part)) : .layer(String(part))
        }
        let address = try tileAddress(parts.suffix(3))
        guard address.scale == 1 else { throw .malformed("a difference tile is 256 pixels: no @2x") }
        return .compare(try target(parts[parts.startIndex]), try target(parts[parts.startIndex + 1]), address)
    }

    /// `{layer}/{z}/{x}/{y}.png` (WebMercatorQuad) or `{layer}/{tileMatrixSet}/{z}/{x}/{y}.png`,
    /// any extension or `@2x`.
    private static func parseTile(_ parts: ArraySlice<Substring>) throws(RouteError) -> Route {
        guard parts.count == 4 || parts.count == 5 else {
            throw .malformed(
                "expected /tiles/{layer}/{z}/{x}/{y}.png or /tiles/{layer}/{tileMatrixSet}/{z}/{x}/{y}.png")
        }
        let layer = parts[parts.startIndex]
        guard !layer.isEmpty else { throw .malformed("the layer name is empty") }
        guard parts.count == 5 else { return .tile(layer: String(layer), try tileAddress(parts.suffix(3))) }
        let name = parts[parts.startIndex + 1]
        guard let grid = TileMatrixSet.named(name) else {
            throw .malformed(
                "'\(name.prefix(32))' is not a tile matrix set; they are "
                    + TileMatrixSet.all.map(\.identifier).joined(separator: ", "))
        }
        return .gridTile(layer: String(layer), try tileAddress(parts.suffix(3), grid: grid))
    }

    /// `{z}/{x}/{y}` then `@2x` or `@1x` or nothing, then `.png`, `.webp`, `.jpg` or no
    /// extension (the `Accept` header decides).
    private static func tileAddress(_ parts: ArraySlice<Substring>, grid: TileMatrixSet = .webMercatorQuad)
        throws(RouteError) -> TileAddress
    {
        let z = try integer(parts[parts.startIndex], "z")
        let x = try integer(parts[parts.startIndex + 1], "x")
        var last = parts[parts.startIndex + 2]
        var format: TileFormat?
        if let dot = last.lastIndex(of: ".") {
            guard let named = TileFormat(fileExtension: String(last[last.index(after: dot)...].prefix(8))) else {
                throw .malformed("tiles end in .png, .webp, .jpg, .tif or no extension")
            }
            format = named
            last = last[..<dot]
        }
        var scale = 1
        if let at = last.firstIndex(of: "@") {
            let suffix = last[at...]
            guard suffix == "@2x" || suffix == "@1x" else { throw .malformed("the scale must be @1x or @2x") }
            scale = suffix == "@2x" ? 2 : 1
            last = last[..<at]
        }
        let y = try integer(last, "y")
        return TileAddress(z: z, x: x, y: y, scale: scale, format: format, grid: grid)
    }

    private static func integer(_ text: Substring, _ name: String) throws(RouteError) -> Int {
        // Plain decimal digits only: no signs, no spaces, nothing that overflows.
        guard !text.isEmpty, text.count <= 9, text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text)
        else { throw .malformed("\(name) must be a non-negative integer, got '\(text.prefix(32))'") }
        return value
    }

    /// Joins path segments, refusing anything that could leave the served folder.
    private static func safeRelativePath(_ parts: ArraySlice<Substring>) throws(RouteError) -> String {
        guard !parts.isEmpty else { throw .notFound }
        for part in parts {
            guard !part.isEmpty, part != ".", part != "..", !part.hasPrefix("."), !part.contains("\\"),
                !part.contains("%"), !part.contains("\0")
            else { throw .notFound }
        }
        return parts.joined(separator: "/")
    }
}
