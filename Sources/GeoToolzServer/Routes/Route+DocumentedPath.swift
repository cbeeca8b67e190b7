import GeoToolzCache

extension Route {
    /// The path template of `OpenAPIDocument` that documents this route.
    ///
    /// The switch has no default, so a new route does not compile until it names its entry in
    /// the document; tests check that the entry exists and routes back here.
    public var documentedPath: String {
        switch self {
        case .tile(_, let address): "/tiles/{layer}/{z}/{x}/" + Self.tileName(address)
        case .gridTile(_, let address): "/tiles/{layer}/{tileMatrixSet}/{z}/{x}/" + Self.tileName(address)
        case .layers: "/layers"
        case .layer: "/layers/{layer}"
        case .tileJSON: "/layers/{layer}/tilejson.json"
        case .colormaps: "/colormaps"
        case .colormap: "/colormaps/{name}"
        case .colormapLegend: "/colormaps/{name}.png"
        case .health: "/health"
        case .metrics: "/metrics"
        case .index: "/"
        case .staticFile: "/static/{path}"
        case .leaflet: "/vendor/leaflet/{path}"
        case .maplibre: "/vendor/maplibre/{path}"
        case .viewerConfig: "/viewer/config.json"
        case .openAPI: "/openapi.json"
        case .apiDocs: "/docs"
        case .layerDocument: "/layers/{layer}/pipeline.yaml"
        case .createPipeline: "/pipelines"
        case .validatePipeline: "/pipelines/validate"
        case .pipeline: "/pipelines/{id}"
        case .pipelineDocument: "/pipelines/{id}/pipeline.yaml"
        case .pipelineTileJSON: "/pipelines/{id}/tilejson.json"
        case .wmtsCapabilities: "/wmts/1.0.0/WMTSCapabilities.xml"
        case .pipelineTile(_, let address): "/pipelines/{id}/tiles/{z}/{x}/" + Self.tileName(address)
        case .layerPoint: "/layers/{layer}/point/{lon},{lat}"
        case .layerInfo: "/layers/{layer}/info"
        case .pipelinePoint: "/pipelines/{id}/point/{lon},{lat}"
        case .pipelineInfo: "/pipelines/{id}/info"
        case .bbox(let target, let address):
            target.documentedPrefix + "/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.\(address.format.rawValue)"
        case .preview(let target): target.documentedPrefix + "/preview.png"
        case .statistics(let target): target.documentedPrefix + "/statistics"
        case .compare: "/compare/{a}/{b}/{z}/{x}/{y}.png"
        }
    }

    /// The last segment of a documented tile path: `{y}`, `@2x` for 512 px tiles, `.{format}`
    /// when the URL names one.
    private static func tileName(_ address: TileAddress) -> String {
        "{y}" + (address.scale == 2 ? "@2x" : "") + (address.format == nil ? "" : ".{format}")
    }
}

extension QueryTarget {
    /// `/layers/{layer}` or `/pipelines/{id}`.
    fileprivate var documentedPrefix: String {
        switch self {
        case .layer: "/layers/{layer}"
        case .pipeline: "/pipelines/{id}"
        }
    }
}
