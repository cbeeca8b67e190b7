import GeoToolz
import GeoToolzCache
import GeoToolzIO
import NIOCore
import NIOHTTP1

/// `/pipelines`: pipelines posted by users, their recipes, TileJSON and tiles.
extension Endpoints {
    /// `POST /pipelines` (`store`) and `POST /pipelines/validate`.
    func createPipeline(_ request: RequestInfo, store: Bool) -> Reply {
        if let refusal = pipelines.authorize(request.header("Authorization")) {
            return .now(Self.response(for: refusal))
        }
        guard let body = request.body, body.readableBytes > 0 else {
            return .now(
                .error(
                    .badRequest, "invalid pipeline",
                    detail: "the body is empty; post {layer: NAME, pipeline: {...}} as YAML or JSON"))
        }
        guard let text = String(validating: body.readableBytesView, as: UTF8.self) else {
            return .now(.error(.badRequest, "invalid pipeline", detail: "the body is not UTF-8 text"))
        }
        let submitted = pipelines.submit(text, store: store, client: request.client, on: request.eventLoop)
        return .later(
            submitted.map { resolved -> HTTPResponse in
                let id = resolved.recipe.id
                guard store else { return .json(["valid": true, "id": .string(id)]) }
                let base = self.baseURL(request)
                var response = HTTPResponse.json(
                    [
                        "id": .string(id), "layer": .string(resolved.recipe.layer),
                        "tiles": .string("\(base)/pipelines/\(id)/tiles/{z}/{x}/{y}.png"),
                        "tilejson": .string("\(base)/pipelines/\(id)/tilejson.json"),
                    ], status: .created)
                response.headers.add(name: "Location", value: "/pipelines/\(id)")
                response.headers.add(name: "Cache-Control", value: "no-store")
                return response
            }.recover { Self.response(for: $0) })
    }

    /// `GET /pipelines/{id}` (JSON) and `/pipelines/{id}/pipeline.yaml`.
    func pipelineRecipe(_ id: String, _ request: RequestInfo, asYAML: Bool) -> Reply {
        resolved(id, request) { resolved in
            let config = resolved.recipe.config
            guard !asYAML else { return Self.yaml(config) }
            var fields = config.objectValue ?? [:]
            fields["id"] = .string(resolved.recipe.id)
            return .json(.object(fields))
        }
    }

    /// `GET /pipelines/{id}/tilejson.json`.
    func pipelineTileJSON(_ id: String, _ request: RequestInfo) -> Reply {
        resolved(id, request) { resolved in
            var json = self.tileJSON(resolved.layer, request, tiles: "/pipelines/\(id)/tiles").objectValue ?? [:]
            json["name"] = .string("\(resolved.recipe.layer) (pipeline \(id.prefix(12)))")
            return .json(.object(json))
        }
    }

    /// `GET /pipelines/{id}/tiles/{z}/{x}/{y}.png`: answered exactly as a layer's tile.
    func pipelineTile(_ id: String, _ address: TileAddress, _ request: RequestInfo) -> Reply {
        guard pipelines.access != .off else { return .now(Self.response(for: PipelineService.Refusal.disabled)) }
        if let ready = pipelines.ready(id) {
            return tile(of: ready.layer, address, request)
        }
        let future = pipelines.resolve(id, on: request.eventLoop).flatMap { resolved -> EventLoopFuture<HTTPResponse> in
            switch self.tile(of: resolved.layer, address, request) {
            case .now(let response): return request.eventLoop.makeSucceededFuture(response)
            case .later(let response): return response
            }
        }
        return .later(future.recover { Self.response(for: $0) })
    }

    /// Resolves `id`, then answers with `respond`; refusals become their error responses.
    private func resolved(
        _ id: String, _ request: RequestInfo, _ respond: @escaping @Sendable (PipelineService.Resolved) -> HTTPResponse
    ) -> Reply {
        guard pipelines.access != .off else { return .now(Self.response(for: PipelineService.Refusal.disabled)) }
        if let ready = pipelines.ready(id) { return .now(respond(ready)) }
        return .later(pipelines.resolve(id, on: request.eventLoop).map(respond).recover { Self.response(for: $0) })
    }

    /// A YAML document.
    static func yaml(_ value: ConfigValue) -> HTTPResponse {
        var response = HTTPResponse.text(ConfigYAML.string(value), contentType: "application/yaml; charset=utf-8")
        response.headers.add(name: "Cache-Control", value: "no-cache")
        return response
    }

    /// The response to a pipeline that was refused or cannot be served.
    static func response(for error: any Error) -> HTTPResponse {
        guard let refusal = error as? PipelineService.Refusal else {
            return .error(.internalServerError, "internal error", detail: "the pipeline could not be handled")
        }
        switch refusal {
        case .disabled:
            return .error(.forbidden, "pipelines are turned off", detail: "this server runs with --pipelines off")
        case .noTokenConfigured:
            return .error(
                .forbidden, "posting pipelines needs a token",
                detail: "the server takes pipelines only with a bearer token, and none is configured (--pipeline-token)"
            )
        case .unauthorized:
            var response = HTTPResponse.error(
                .unauthorized, "token required", detail: "send 'Authorization: Bearer <token>' to post pipelines")
            response.headers.add(name: "WWW-Authenticate", value: "Bearer realm=\"geotoolz\"")
            return response
        case .rateLimited(let seconds):
            return .retryLater(
                .tooManyRequests, "too many pipelines posted",
                detail: "this address posts too fast; retry in \(seconds) s", after: seconds)
        case .quota(let limit):
            return .retryLater(
                .tooManyRequests, "too many pipelines stored",
                detail: "this address already has \(limit) pipelines stored; older ones are dropped as others are used",
                after: 60)
        case .invalid(let error):
            var fields: [String: ConfigValue] = [
                "error": "invalid pipeline",
                "detail": .string(Self.describe(error)),
            ]
            var location: [String: ConfigValue] = ["path": .string(error.path.description)]
            if let at = error.location {
                location["line"] = .number(Double(at.line))
                location["column"] = .number(Double(at.column))
            }
            fields["location"] = .object(location)
            var response = HTTPResponse.json(.object(fields), status: .badRequest)
            response.headers.add(name: "Cache-Control", value: "no-store")
            return response
        case .unknownLayer(let name):
            return .error(
                .badRequest, "invalid pipeline", detail: "layer: no layer '\(headerSafe(name))' is served")
        case .layerUnavailable(let name):
            return .retryLater(
                .serviceUnavailable, "source unavailable",
                detail: "layer '\(name)': its source files changed and cannot be read now; retry later", after: 5)
        case .busy:
            return .renderQueueFull
        case .notFound(let id):
            return .error(.notFound, "unknown pipeline", detail: "no pipeline '\(id)' is stored")
        }
    }

    /// `line 5, column 7: pipeline.operators[1]._target_: unknown operator 'os.system' …`.
    private static func describe(_ error: ConfigError) -> String {
        let place = error.path.description
        let text = place.isEmpty ? error.message : "\(place): \(error.message)"
        guard let at = error.location else { return text }
        return "line \(at.line), column \(at.column): \(text)"
    }
}
