import Foundation
import GeoToolz
import GeoToolzCache
import GeoToolzIO
import NIOCore
import NIOHTTP1

/// `/layers/{layer}/point/{lon},{lat}`, `/layers/{layer}/info` and the same of stored pipelines:
/// a layer's values at a point and a description of what it reads, computed on the render
/// threads (they read through GDAL handles) under the tiles' queue and budget.
extension Endpoints {
    /// `GET /layers/{layer}/point/{lon},{lat}`.
    func layerPoint(_ name: String, _ coordinates: String, _ request: RequestInfo) -> Reply {
        let point: PointCoordinates
        do {
            point = try PointCoordinates(coordinates)
        } catch {
            return .now(.parameterError(error))
        }
        return queriedLayer(name, request) { layer in .later(self.point(point, of: layer, pipeline: nil, request)) }
    }

    /// `GET /layers/{layer}/info`.
    func layerInfo(_ name: String, _ request: RequestInfo) -> Reply {
        queriedLayer(name, request) { layer in .later(self.info(of: layer, pipeline: nil, request)) }
    }

    /// `GET /pipelines/{id}/point/{lon},{lat}`: the stored pipeline's values.
    func pipelinePoint(_ id: String, _ coordinates: String, _ request: RequestInfo) -> Reply {
        let point: PointCoordinates
        do {
            point = try PointCoordinates(coordinates)
        } catch {
            return .now(.parameterError(error))
        }
        return pipelineLayer(id, request) { layer in self.point(point, of: layer, pipeline: id, request) }
    }

    /// `GET /pipelines/{id}/info`.
    func pipelineInfo(_ id: String, _ request: RequestInfo) -> Reply {
        pipelineLayer(id, request) { layer in self.info(of: layer, pipeline: id, request) }
    }

    // MARK: Answers

    private func point(_ point: PointCoordinates, of layer: Layer, pipeline: String?, _ request: RequestInfo)
        -> EventLoopFuture<HTTPResponse>
    {
        let what = "point \(point.longitude),\(point.latitude)"
        let answer = tiles.query(on: request.eventLoop) {
            Self.json(
                try layer.point(longitude: point.longitude, latitude: point.latitude), of: layer, pipeline: pipeline)
        }
        return respond(answer, layer, what: what, request)
    }

    private func info(of layer: Layer, pipeline: String?, _ request: RequestInfo) -> EventLoopFuture<HTTPResponse> {
        let answer = tiles.query(on: request.eventLoop) { () throws -> ConfigValue in
            var fields = try layer.information().objectValue ?? [:]
            fields["layer"] = .string(layer.name)
            fields["pipeline"] = pipeline.map { .string($0) } ?? .null
            fields["configHash"] = .string(layer.configHash)
            return .object(fields)
        }
        return respond(answer, layer, what: "info", request)
    }

    /// The JSON of a point's values.
    static func json(_ values: PointValues, of layer: Layer, pipeline: String?) -> ConfigValue {
        func numbers(_ values: [Double?]) -> ConfigValue {
            .array(values.map { $0.map { .number($0) } ?? .null })
        }
        let sources = values.sources.map { source -> ConfigValue in
            var entry: [String: ConfigValue] = [
                "input": source.input.map { .string($0) } ?? .null,
                "bands": source.bands.configValue,
                "values": numbers(source.values),
            ]
            if let files = source.files {
                entry["paths"] = source.paths.configValue
                entry["files"] = files.configValue
                entry["fromOverview"] = .bool(source.fromOverview)
            } else {
                entry["path"] = .string(source.paths.first ?? "")
                entry["pixel"] = source.pixel.map { $0.configValue } ?? .null
            }
            return .object(entry)
        }
        return [
            "layer": .string(layer.name),
            "pipeline": pipeline.map { .string($0) } ?? .null,
            "lon": .number(values.longitude),
            "lat": .number(values.latitude),
            "inside": .bool(values.sources.contains { $0.values.contains { $0 != nil } }),
            "sources": .array(sources),
            "values": numbers(values.values),
            "resolution": .number(values.resolution),
            "configHash": .string(layer.configHash),
        ]
    }

    /// A query's answer as JSON, or the error the tiles' answers use for the same failure.
    private func respond(
        _ answer: EventLoopFuture<ConfigValue>, _ layer: Layer, what: String, _ request: RequestInfo
    ) -> EventLoopFuture<HTTPResponse> {
        let name = layer.name
        return answer.map { value -> HTTPResponse in
            var response = HTTPResponse.json(value)
            // The values change with the layer's data and pipeline: revalidate every time.
            response.headers.add(name: "Cache-Control", value: "no-cache")
            response.headers.add(name: "X-Config-Hash", value: layer.configHash)
            return response
        }.recover { [logger, metrics] error -> HTTPResponse in
            switch error {
            case TileFailure.overloaded:
                metrics.renderRejected()
                return .renderQueueFull
            case TileFailure.overBudget(let budget):
                metrics.renderTimeout(layer: name)
                let milliseconds = Int(budget.milliseconds.rounded())
                return .retryLater(
                    .serviceUnavailable, "query over budget",
                    detail: "layer '\(name)', \(what): the query took longer than its \(milliseconds) ms budget "
                        + "and was abandoned; retry later",
                    after: Self.retryAfterSeconds(budget), requestID: request.id)
            default:
                metrics.renderFailure(layer: name)
                let failure = TileFailure.classify(error)
                logger.error(
                    "query failed",
                    metadata: [
                        "request": "\(request.id)", "layer": "\(name)", "query": "\(what)",
                        "reason": "\(failure.cause)",
                    ])
                let summary = error is GDALError ? failure.summary : "the values could not be computed"
                return .error(
                    .internalServerError, "query failed", detail: "layer '\(name)', \(what): \(summary)",
                    requestID: request.id)
            }
        }
    }

    /// Answers with `respond` for the layer of stored pipeline `id`, resolved as its tiles are.
    private func pipelineLayer(
        _ id: String, _ request: RequestInfo, _ respond: @escaping @Sendable (Layer) -> EventLoopFuture<HTTPResponse>
    ) -> Reply {
        guard pipelines.access != .off else { return .now(Self.response(for: PipelineService.Refusal.disabled)) }
        if let ready = pipelines.ready(id) { return .later(respond(ready.layer)) }
        let future = pipelines.resolve(id, on: request.eventLoop).flatMap { respond($0.layer) }
        return .later(future.recover { Self.response(for: $0) })
    }
}

/// The `{lon},{lat}` of a point route: decimal degrees, longitude within ±180 and latitude
/// within ±90. Refusals name the part at fault (`lon`, `lat`, or `coordinates` for the shape).
struct PointCoordinates: Sendable, Hashable {
    let longitude: Double
    let latitude: Double

    init(_ text: String) throws(TileParameterError) {
        // A client may send the comma percent-encoded.
        let decoded = text.removingPercentEncoding ?? text
        let parts = decoded.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw TileParameterError(
                "coordinates", "expected {lon},{lat} in decimal degrees, e.g. -119.5,37.7, got '\(text.prefix(64))'")
        }
        longitude = try Self.degrees(parts[0], "lon", within: 180)
        latitude = try Self.degrees(parts[1], "lat", within: 90)
    }

    /// A plain decimal number (an exponent allowed; no hex, `nan` or `inf`) within ±`limit`.
    private static func degrees(_ text: Substring, _ name: String, within limit: Double) throws(TileParameterError)
        -> Double
    {
        let plain = text.range(of: #"^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$"#, options: .regularExpression)
        guard text.count <= 64, plain != nil, let value = Double(text), value.isFinite else {
            throw TileParameterError(name, "must be a number in decimal degrees, got '\(text.prefix(64))'")
        }
        guard abs(value) <= limit else {
            throw TileParameterError(name, "must be within -\(Int(limit))…\(Int(limit)) degrees, got \(text)")
        }
        return value
    }
}
