import Foundation
import GeoToolzCache
import TestSupport
import Testing

@testable import GeoToolzServer

/// `/openapi.json` stays true: it documents every route, routes every path it documents, and the
/// live server answers as it says.
@Suite struct OpenAPIDocumentTests {
    /// One route of every case of `Route`.
    static let everyKindOfRoute: [Route] = [
        .tile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197)),
        .tile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, scale: 2)),
        .tile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, format: nil)),
        .tile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, scale: 2, format: nil)),
        .gridTile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, grid: .worldCRS84Quad)),
        .gridTile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, format: nil, grid: .worldCRS84Quad)),
        .gridTile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, scale: 2, grid: .worldCRS84Quad)),
        .gridTile(layer: "elevation", TileAddress(z: 9, x: 85, y: 197, scale: 2, format: nil, grid: .worldCRS84Quad)),
        .layers, .layer("elevation"), .tileJSON("elevation"), .colormaps, .colormap("viridis"),
        .colormapLegend("viridis"), .health, .metrics, .index, .staticFile("viewer.js"), .leaflet("leaflet.js"),
        .openAPI, .apiDocs, .layerDocument("elevation"), .createPipeline, .validatePipeline,
        .pipeline(examplePipelineID), .pipelineDocument(examplePipelineID), .pipelineTileJSON(examplePipelineID),
        .pipelineTile(id: examplePipelineID, TileAddress(z: 9, x: 85, y: 197)),
        .pipelineTile(id: examplePipelineID, TileAddress(z: 9, x: 85, y: 197, scale: 2)),
        .pipelineTile(id: examplePipelineID, TileAddress(z: 9, x: 85, y: 197, format: nil)),
        .pipelineTile(id: examplePipelineID, TileAddress(z: 9, x: 85, y: 197, scale: 2, format: nil)),
        .wmtsCapabilities,
        .layerPoint("elevation", coordinates: "-119.5,37.7"), .layerInfo("elevation"),
        .pipelinePoint(id: examplePipelineID, coordinates: "-119.5,37.7"), .pipelineInfo(examplePipelineID),
        .bbox(.layer("elevation"), BBoxAddress(bbox: "-119.6,37.6,-119.4,37.8", size: "256x256", format: .png)),
        .bbox(.layer("elevation"), BBoxAddress(bbox: "-119.6,37.6,-119.4,37.8", size: "256x256", format: .tif)),
        .preview(.layer("elevation")), .statistics(.layer("elevation")),
        .bbox(
            .pipeline(examplePipelineID), BBoxAddress(bbox: "-119.6,37.6,-119.4,37.8", size: "256x256", format: .png)),
        .bbox(
            .pipeline(examplePipelineID), BBoxAddress(bbox: "-119.6,37.6,-119.4,37.8", size: "256x256", format: .tif)),
        .preview(.pipeline(examplePipelineID)), .statistics(.pipeline(examplePipelineID)),
        .maplibre("maplibre-gl.js"), .viewerConfig,
        .compare(.layer("elevation"), .layer("hillshade"), TileAddress(z: 9, x: 85, y: 197)),
    ]

    /// The id the document's examples use: that of `examplePipeline`.
    static let examplePipelineID = "29e5234f15dca404f599a8330ac1d7e5d6e711a9ccfee179470254ddce72da02"
    static let examplePipeline =
        #"{"layer": "elevation", "pipeline": {"_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 4400}}"#

    /// Does not compile when `Route` gains a case, as a reminder to add it to `everyKindOfRoute`.
    static func listed(_ route: Route) -> Bool {
        switch route {
        case .tile, .gridTile, .layers, .layer, .tileJSON, .colormaps, .colormap, .colormapLegend, .health, .metrics,
            .index,
            .staticFile, .leaflet, .openAPI, .apiDocs, .layerDocument, .createPipeline, .validatePipeline, .pipeline,
            .pipelineDocument, .pipelineTileJSON, .pipelineTile, .wmtsCapabilities, .layerPoint, .layerInfo,
            .pipelinePoint, .pipelineInfo, .bbox, .preview, .statistics, .maplibre, .viewerConfig, .compare:
            true
        }
    }

    @Test func theDocumentIsOpenAPI31AndEveryReferenceResolves() throws {
        let spec = try OpenAPISpec()
        #expect(spec.root["openapi"] == .string("3.1.0"))
        for reference in spec.references {
            #expect(spec.lookUp(reference) != nil, "\(reference) names nothing")
        }
        for path in spec.paths {
            let operation = try #require(spec.operation(path), "\(path) has no GET or POST")
            #expect(operation["operationId"]?.string != nil, "\(path)")
            #expect(
                spec.response(path, status: 200) != nil || spec.response(path, status: 201) != nil,
                "\(path) documents no 200 or 201")
        }
    }

    @Test func everyRouteIsDocumented() throws {
        let spec = try OpenAPISpec()
        #expect(Self.everyKindOfRoute.allSatisfy(Self.listed))
        #expect(Set(Self.everyKindOfRoute.map(\.documentedPath)) == Set(spec.paths))
    }

    @Test func everyDocumentedPathIsRoutedToTheRouteThatNamesIt() throws {
        let spec = try OpenAPISpec()
        for path in spec.paths {
            let route = try Route.parse(Substring(spec.concretePath(path)))
            #expect(route.documentedPath == path)
        }
    }

    @Test func liveResponsesMatchTheDocument() throws {
        let spec = try OpenAPISpec()
        let server = try RunningServer(layers: try DemoLayers.all())
        // The example pipeline exists once posted; posting answers as documented.
        for path in spec.paths where spec.isPost(path) {
            let response = try server.get(
                path, method: "POST", headers: ["Content-Type": "application/json"], body: Self.examplePipeline)
            #expect([200, 201].contains(response.status), "\(path): \(response.text.prefix(300))")
            #expect(
                problems(response, of: path, in: spec).isEmpty, "\(path): \(problems(response, of: path, in: spec))")
            let refused = try server.get(
                path, method: "POST", headers: ["Content-Type": "application/yaml"],
                body: "layer: elevation\npipeline: {_target_: os.system}\n")
            #expect(refused.status == 400, "\(path)")
            #expect(problems(refused, of: path, in: spec).isEmpty, "\(path): \(problems(refused, of: path, in: spec))")
        }
        for path in spec.paths where !spec.isPost(path) {
            // The documented examples name things that exist.
            let target = spec.concretePath(path)
            let response = try server.get(target)
            #expect(response.status == 200, "\(target): \(response.text.prefix(300))")
            #expect(
                problems(response, of: path, in: spec).isEmpty, "\(target): \(problems(response, of: path, in: spec))")

            if let etag = response.header("ETag"), spec.response(path, status: 304) != nil {
                let cached = try server.get(target, headers: ["If-None-Match": etag])
                #expect(cached.status == 304, "\(target)")
                #expect(
                    problems(cached, of: path, in: spec).isEmpty, "\(target): \(problems(cached, of: path, in: spec))")
            }

            // Names that do not exist, where the path has names (a choice such as the format is
            // not a name: outside its values it is malformed).
            let names = spec.parameters(path).compactMap { parameter -> String? in
                guard parameter["in"] == .string("path"), parameter["schema"]?["type"] == .string("string"),
                    parameter["schema"]?["enum"] == nil
                else {
                    return nil
                }
                return parameter["name"]?.string
            }
            guard !names.isEmpty else { continue }
            // A pipeline id has a form; an id of that form that names nothing.
            let missing = spec.concretePath(
                path,
                Dictionary(
                    uniqueKeysWithValues: names.map {
                        ($0, $0 == "id" ? String(repeating: "0", count: 64) : "no-such-thing")
                    }))
            let unknown = try server.get(missing)
            #expect(unknown.status == 404, "\(missing)")
            #expect(
                problems(unknown, of: path, in: spec).isEmpty, "\(missing): \(problems(unknown, of: path, in: spec))")
        }
    }

    @Test func malformedAndOversizedRequestsAreTheDocumentedErrors() throws {
        let spec = try OpenAPISpec()
        let server = try RunningServer(layers: try DemoLayers.all())
        let tile = "/tiles/{layer}/{z}/{x}/{y}.{format}"
        let cases = [
            (tile, spec.concretePath(tile, ["z": "nine"]), 400),
            (tile, spec.concretePath(tile, ["z": "20", "x": "0", "y": "1048576"]), 404),
            ("/layers/{layer}", "/layers/" + String(repeating: "x", count: 3000), 414),
        ]
        for (path, target, status) in cases {
            let response = try server.get(target)
            #expect(response.status == status, "\(target.prefix(80))")
            #expect(problems(response, of: path, in: spec).isEmpty, "\(target.prefix(80))")
        }
    }

    @Test func otherMethodsAreTheDocumented405() throws {
        let spec = try OpenAPISpec()
        let server = try RunningServer(layers: try DemoLayers.all())
        let documented = try #require(spec.lookUp("#/components/responses/MethodNotAllowed"))
        for method in ["POST", "PUT", "DELETE", "PATCH"] {
            let response = try server.get("/layers", method: method)
            #expect(response.status == 405)
            #expect(response.header("Allow") == "GET, HEAD, OPTIONS")
            #expect(problems(response, matching: documented, in: spec).isEmpty)
        }
    }

    /// How a response differs from what the document says the path answers with its status.
    func problems(_ response: TestResponse, of path: String, in spec: OpenAPISpec) -> [String] {
        guard let documented = spec.response(path, status: response.status) else {
            return ["status \(response.status) is not documented for \(path)"]
        }
        return problems(response, matching: documented, in: spec)
    }

    /// How a response differs from a documented response: its content type and, for JSON, its body.
    func problems(_ response: TestResponse, matching documented: JSONValue, in spec: OpenAPISpec) -> [String] {
        let content = documented["content"]?.object ?? [:]
        guard !content.isEmpty else {
            return response.body.isEmpty ? [] : ["a body where none is documented"]
        }
        let type = (response.header("Content-Type") ?? "").split(separator: ";").first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        guard let type, let media = content[type] else {
            return ["content type \(response.header("Content-Type") ?? "none") is not one of \(content.keys.sorted())"]
        }
        switch type {
        case "application/json":
            guard let body = try? JSONValue(parsing: response.body) else { return ["the body is not JSON"] }
            guard let schema = media["schema"] else { return [] }
            return JSONSchemaCheck(spec: spec).violations(of: body, against: schema)
        case "image/png":
            return response.body.starts(with: [0x89, 0x50, 0x4E, 0x47]) ? [] : ["the body is not a PNG"]
        default:
            return []
        }
    }
}
