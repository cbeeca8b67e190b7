import Foundation
import TestSupport
import Testing

@testable import GeoToolzServer

/// What the viewer reads beyond tiles: the basemap and MapLibre's presence (`/viewer/config.json`),
/// and which layers are heights for a `raster-dem` source (`encoding` in `/layers` and TileJSON).
@Suite struct ViewerConfigTests {
    @Test(arguments: [
        "https://tile.example.org/{z}/{x}/{y}.png", "http://127.0.0.1:8080/tiles/hillshade/{z}/{x}/{y}.png",
        "https://tiles.example/osm?z={z}&x={x}&y={y}",
    ])
    func anHTTPTemplateWithEveryPlaceholderIsABasemap(_ template: String) throws {
        #expect(try BasemapTemplate.check(template) == template)
    }

    @Test(arguments: [
        ("tile.example.org/{z}/{x}/{y}.png", "http:// or https://"),
        ("ftp://tile.example.org/{z}/{x}/{y}.png", "http:// or https://"),
        ("javascript:alert(1)//{z}/{x}/{y}", "http:// or https://"),
        ("https://tile.example.org/{z}/{x}.png", "lacks {y}"),
        ("https://tile.example.org/tiles.png", "lacks {z}, {x}, {y}"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "no host"),
        ("https:///{z}/{x}/{y}.png", "no host"),
        ("https://tile.example.org/{z}/{x}/{y}.png?key={key}", "only placeholders"),
        ("https://tile.example.org/{z}/{x}/{y}.png\" onload=\"x", "quote"),
        ("https://tile.example.org/{z} /{x}/{y}.png", "space"),
    ])
    func anythingElseIsRefusedSayingWhy(_ template: String, _ reason: String) {
        #expect {
            try BasemapTemplate.check(template)
        } throws: { error in
            "\(error)".contains(reason) && "\(error)".contains("not an XYZ URL template")
        }
    }

    @Test func theViewerConfigNamesTheBasemapAndMapLibre() throws {
        let template = "https://tile.example.org/{z}/{x}/{y}.png"
        let server = try RunningServer(layers: try DemoLayers.all()) { $0.basemap = template }
        let config = try JSONValue(parsing: try server.get("/viewer/config.json").body)
        #expect(config["basemap"] == .string(template))
        #expect(config["maplibre"] == .bool(true), "make data fetches MapLibre into vendor/maplibre")

        let plain = try RunningServer(layers: try DemoLayers.all()) { $0.maplibreDirectory = nil }
        let none = try JSONValue(parsing: try plain.get("/viewer/config.json").body)
        #expect(none["basemap"] == .null, "no basemap by default: the viewer needs no network")
        #expect(none["maplibre"] == .bool(false))
        #expect(try plain.get("/vendor/maplibre/maplibre-gl.js").status == 404)
    }

    @Test func mapLibreIsServedFromThisServer() throws {
        let server = try RunningServer(layers: try DemoLayers.all())
        let script = try server.get("/vendor/maplibre/maplibre-gl.js")
        #expect(script.status == 200)
        #expect(script.header("Content-Type")?.hasPrefix("text/javascript") == true)
        #expect(script.text.prefix(200).contains("MapLibre GL JS"))
        #expect(try server.get("/vendor/maplibre/maplibre-gl.css").status == 200)
    }

    @Test func heightLayersSayTheirEncodingAndOthersDoNot() throws {
        let terrarium = """
            name: terrarium
            title: SRTM as Terrarium
            source: srtm90.tif
            bands: [1]
            pipeline: {_target_: Terrarium}
            """
        let custom = terrarium.replacingOccurrences(of: "terrarium", with: "custom")
            .replacingOccurrences(
                of: "{_target_: Terrarium}", with: "{_target_: TerrainRGB, base: -1000, interval: 0.5}")
        let layers = try DemoLayers.all() + DemoLayers.custom(["terrarium": terrarium, "custom": custom])
        let server = try RunningServer(layers: layers)
        let list = try #require(try JSONValue(parsing: try server.get("/layers").body).array)
        func summary(_ name: String) throws -> JSONValue { try #require(list.first { $0["name"]?.string == name }) }
        #expect(try summary("elevation-dem")["encoding"] == .string("mapbox"))
        #expect(try summary("terrarium")["encoding"] == .string("terrarium"))
        #expect(try summary("elevation")["encoding"] == nil)
        #expect(try summary("hillshade")["encoding"] == nil)

        let dem = try JSONValue(parsing: try server.get("/layers/elevation-dem/tilejson.json").body)
        #expect(dem["encoding"] == .string("mapbox"))
        // MapLibre's custom decoding: height = R·redFactor + G·greenFactor + B·blueFactor − baseShift.
        let other = try JSONValue(parsing: try server.get("/layers/custom/tilejson.json").body)
        #expect(other["encoding"] == .string("custom"))
        #expect(other["redFactor"] == .number(32768))
        #expect(other["greenFactor"] == .number(128))
        #expect(other["blueFactor"] == .number(0.5))
        #expect(other["baseShift"] == .number(1000))
        let colour = try JSONValue(parsing: try server.get("/layers/elevation/tilejson.json").body)
        #expect(colour["encoding"] == nil)
    }
}
