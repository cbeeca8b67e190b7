import GeoToolz
import GeoToolzIO

/// A basemap drawn under the viewer's layers: the URL template of any XYZ tile server.
public enum BasemapTemplate {
    /// Why a template is refused, in words for the operator.
    public struct Invalid: Error, CustomStringConvertible, Equatable {
        public let description: String
    }

    /// `template` when the viewer can use it in both Leaflet and MapLibre: an http(s) URL with a
    /// host, `{z}`, `{x}` and `{y}` and no other placeholder (`{s}` and the like are not shared by
    /// both), no spaces, quotes or control characters (it ends up in the page's tile requests).
    public static func check(_ template: String) throws(Invalid) -> String {
        func refuse(_ why: String) -> Invalid {
            Invalid(description: "'\(template.prefix(120))' is not an XYZ URL template: \(why)")
        }
        guard template.utf8.count <= 2048 else { throw refuse("longer than 2048 bytes") }
        let lower = template.lowercased()
        guard let scheme = ["https://", "http://"].first(where: lower.hasPrefix) else {
            throw refuse("it must start with http:// or https://")
        }
        guard
            !template.unicodeScalars.contains(where: {
                $0.value <= 0x20 || $0.value == 0x7f || "\"'<>\\`^|".unicodeScalars.contains($0)
            })
        else { throw refuse("it holds a space, quote or control character") }
        let authority = template.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !authority.isEmpty, !authority.contains("{"), !authority.contains("}") else {
            throw refuse("it names no host (placeholders belong in the path or query)")
        }
        let missing = ["{z}", "{x}", "{y}"].filter { !template.contains($0) }
        guard missing.isEmpty else { throw refuse("it lacks \(missing.joined(separator: ", "))") }
        let rest = ["{z}", "{x}", "{y}"].reduce(template) { $0.replacingOccurrences(of: $1, with: "") }
        guard !rest.contains("{"), !rest.contains("}") else {
            throw refuse("{z}, {x} and {y} are the only placeholders the viewer fills in")
        }
        return template
    }
}

extension Layer {
    /// How the layer's tiles pack heights, as a MapLibre `raster-dem` source names it (`encoding`,
    /// and for Terrain-RGB with other than the standard base and interval, the factors MapLibre's
    /// `custom` encoding takes); empty when its tiles are not heights.
    var demEncoding: [String: ConfigValue] {
        switch definition.pipeline.finalEncoding?.encoding {
        case let terrain as TerrainRGB where terrain.base == -10000 && terrain.interval == 0.1:
            ["encoding": "mapbox"]
        case let terrain as TerrainRGB:
            [
                "encoding": "custom", "redFactor": .number(65536 * terrain.interval),
                "greenFactor": .number(256 * terrain.interval), "blueFactor": .number(terrain.interval),
                "baseShift": .number(-terrain.base),
            ]
        case is Terrarium: ["encoding": "terrarium"]
        default: [:]
        }
    }
}

extension Endpoints {
    /// What the viewer needs beyond the layers: the basemap's URL template (null for none) and
    /// whether MapLibre GL JS is at hand (the viewer offers its view only then).
    var viewerConfig: ConfigValue {
        [
            "basemap": configuration.basemap.map { .string($0) } ?? .null,
            "maplibre": .bool(maplibreFiles.file("maplibre-gl.js") != nil),
        ]
    }
}
