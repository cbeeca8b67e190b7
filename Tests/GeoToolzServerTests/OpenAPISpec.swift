import Foundation

@testable import GeoToolzServer

/// The server's OpenAPI document, read the way a client reads it.
struct OpenAPISpec {
    let root: JSONValue

    init() throws {
        root = try JSONValue(parsing: OpenAPIDocument.json.utf8)
    }

    /// Every documented path template.
    var paths: [String] { root["paths"]?.object?.keys.sorted() ?? [] }

    /// The GET operation of a path.
    /// The path's operation: its GET, or its POST on the routes that take a body.
    func operation(_ path: String) -> JSONValue? { root["paths"]?[path]?["get"] ?? root["paths"]?[path]?["post"] }

    /// Whether the path is answered to POST rather than GET (`…/statistics` answers both: GET).
    func isPost(_ path: String) -> Bool { root["paths"]?[path]?["post"] != nil && root["paths"]?[path]?["get"] == nil }

    /// A value with its local `$ref`s followed.
    func resolve(_ value: JSONValue) -> JSONValue {
        var value = value
        while let reference = value["$ref"]?.string {
            guard let target = lookUp(reference) else { return .null }
            value = target
        }
        return value
    }

    /// The node a local reference (`#/components/…`) names, if any.
    func lookUp(_ reference: String) -> JSONValue? {
        guard reference.hasPrefix("#/") else { return nil }
        return reference.dropFirst(2).split(separator: "/").reduce(Optional(root)) { node, key in
            node?[String(key)]
        }
    }

    /// Every `$ref` anywhere in the document.
    var references: [String] {
        func collect(_ value: JSONValue) -> [String] {
            switch value {
            case .object(let entries):
                return (entries["$ref"]?.string.map { [$0] } ?? []) + entries.values.flatMap(collect)
            case .array(let elements): return elements.flatMap(collect)
            default: return []
            }
        }
        return collect(root)
    }

    /// The path's parameters, resolved.
    func parameters(_ path: String) -> [JSONValue] {
        (operation(path)?["parameters"]?.array ?? []).map(resolve)
    }

    /// The path with each path parameter replaced by `values[name]`, or by its documented example.
    func concretePath(_ path: String, _ values: [String: String] = [:]) -> String {
        parameters(path).reduce(path) { filled, parameter in
            guard parameter["in"] == .string("path"), let name = parameter["name"]?.string,
                let value = values[name] ?? parameter["example"]?.pathText
            else { return filled }
            return filled.replacingOccurrences(of: "{\(name)}", with: value)
        }
    }

    /// The documented response of a path for a status, resolved.
    func response(_ path: String, status: Int) -> JSONValue? {
        operation(path)?["responses"]?["\(status)"].map(resolve)
    }
}
