import GeoToolzCache
import GeoToolzIO
import NIOCore

/// Tiles drawn with TiTiler's rendering parameters: the query is read, checked against what the
/// layer allows, and the tile served from the layer it derives (cached in `DerivedLayers`).
extension Endpoints {
    /// A tile request with a query.
    func derivedTile(_ base: Layer, _ query: Substring, _ address: TileAddress, _ request: RequestInfo) -> Reply {
        let parameters: TileParameters
        do {
            parameters = try Self.parameters(query, for: base)
        } catch {
            return .now(.parameterError(error))
        }
        // No parameter, or a tile that is not the layer's at all: nothing to derive.
        guard !parameters.isEmpty, address.gridTile != nil, (base.minZoom...base.maxZoom).contains(address.z) else {
            return tile(of: base, address, request)
        }
        let eventLoop = request.eventLoop
        let future = derived.layer(parameters, of: base, on: eventLoop).flatMap {
            layer -> EventLoopFuture<HTTPResponse> in
            switch self.tile(of: layer, address, request) {
            case .now(let response): return eventLoop.makeSucceededFuture(response)
            case .later(let response): return response
            }
        }.recover { error -> HTTPResponse in
            switch error {
            case let refused as TileParameterError:
                return .parameterError(refused)
            case TileFailure.overloaded:
                return .renderQueueFull
            default:
                return .error(
                    .internalServerError, "internal error",
                    detail: "layer '\(base.name)': the rendering parameters could not be applied", requestID: request.id
                )
            }
        }
        return .later(future)
    }

    /// The canonical query of a request's rendering parameters, for TileJSON's tile URLs; empty
    /// without any.
    func tileQuery(of layer: Layer, _ request: RequestInfo) throws(TileParameterError) -> String {
        guard let query = TileParameters.query(of: request.head.uri) else { return "" }
        return try Self.parameters(query, for: layer).canonicalQuery
    }

    /// `query` read, with each parameter checked against the layer's `overrides`.
    static func parameters(_ query: Substring, for layer: Layer) throws(TileParameterError) -> TileParameters {
        let parameters = try TileParameters.parse(query)
        let overrides = layer.definition.overrides
        for name in parameters.given where !overrides.allows(name) {
            let allowed = overrides.allowed
            throw TileParameterError(
                name,
                "layer '\(layer.name)' does not take \(name): "
                    + (allowed.isEmpty
                        ? "its tiles are drawn one way only" : "it takes \(allowed.joined(separator: ", "))"))
        }
        return parameters
    }
}

extension HTTPResponse {
    /// 400 naming the refused parameter.
    static func parameterError(_ error: TileParameterError) -> HTTPResponse {
        .error(
            .badRequest, "invalid parameter", detail: "\(error.parameter): \(error.message)", parameter: error.parameter
        )
    }
}
