import NIOHTTP1

/// What a query route (`/bbox`, `/preview.png`, `/statistics`) reads: a served layer, or a
/// stored pipeline drawn over its layer.
public enum QueryTarget: Equatable, Sendable {
    case layer(String)
    case pipeline(String)

    /// The layer named, for metrics.
    var layerName: String? {
        if case .layer(let name) = self { return name }
        return nil
    }
}

/// The image formats of `/bbox`.
public enum QueryImageFormat: String, Equatable, Sendable {
    /// The pipeline's output drawn as the layer's tiles are.
    case png
    /// The pipeline's values before its final colormap, Float32, georeferenced.
    case tif
}

/// `/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.{png|tif}` as written: the numbers are
/// read by the endpoint, which names the parameter a malformed one is.
public struct BBoxAddress: Equatable, Sendable {
    public let bbox: String
    public let size: String
    public let format: QueryImageFormat
}

extension Route {
    /// The query routes below a layer or a pipeline (`parts` after `/layers/{layer}` or
    /// `/pipelines/{id}`); nil when `parts` is none of them.
    static func queryRoute(_ target: QueryTarget, _ parts: ArraySlice<Substring>) throws(RouteError) -> Route? {
        switch parts.first {
        case "preview.png" where parts.count == 1: return .preview(target)
        case "statistics" where parts.count == 1: return .statistics(target)
        case "bbox":
            guard parts.count == 3 else {
                throw .malformed("expected …/bbox/{minx},{miny},{maxx},{maxy}/{width}x{height}.png or .tif")
            }
            let last = parts[parts.startIndex + 2]
            guard let dot = last.lastIndex(of: "."),
                let format = QueryImageFormat(rawValue: String(last[dot...].dropFirst()))
            else { throw .malformed("a bbox image ends in .png or .tif") }
            return .bbox(
                target,
                BBoxAddress(bbox: String(parts[parts.startIndex + 1]), size: String(last[..<dot]), format: format))
        default: return nil
        }
    }

    /// Whether the route answers `method`.
    func accepts(_ method: HTTPMethod) -> Bool {
        switch self {
        case .statistics: method == .GET || method == .HEAD || method == .POST
        default: takesBody ? method == .POST : (method == .GET || method == .HEAD)
        }
    }
}
