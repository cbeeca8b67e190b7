import Foundation
import GeoToolzCache
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// TiTiler's rendering parameters on the real server. Pixels are checked against a reference
/// made without GeoToolz (`scripts/tile-reference.py`: GDAL's warp, numpy, matplotlib), never
/// against our own renders.
@Suite(.serialized) struct RenderingParameterTests {
    let server: RunningServer
    let layers: [String: Layer]

    init() throws {
        let demo = try DemoLayers.all()
        let custom = try DemoLayers.custom([
            "fixed": elevationLayer(name: "fixed", extra: "overrides: false"),
            "limited": elevationLayer(name: "limited", extra: "overrides: [rescale, colormap_name]"),
        ])
        server = try RunningServer(layers: demo + custom)
        layers = Dictionary(uniqueKeysWithValues: (demo + custom).map { ($0.name, $0) })
    }

    func centre(_ layer: String, zoom: Int) throws -> TileID {
        try centreTile(try #require(layers[layer]), zoom: zoom)
    }

    // MARK: Pixels against the reference

    @Test func colormapNameAndRescaleRecolourTheLayer() throws {
        let tile = try centre("elevation", zoom: 9)
        let response = try server.get(path("elevation", tile) + "?colormap_name=VIRIDIS&rescale=1000,3000")
        #expect(response.status == 200)
        let result = try Reference.compare(
            response, source: "srtm90.tif", tile: tile,
            spec: [
                "bands": [1], "resampling": "bilinear", "colormap": ["name": "viridis", "vmin": 1000, "vmax": 3000],
            ])
        #expect(result.matching == result.pixels, "\(result)")
        #expect(result.expectedTransparent < result.pixels / 2, "the tile must hold data: \(result)")
    }

    @Test func anExpressionNumbersTheFilesBands() throws {
        // landsat-ndvi reads bands [4, 3]; b4 and b3 are still the file's bands 4 and 3.
        let tile = try centre("landsat-ndvi", zoom: 12)
        let response = try server.get(
            path("landsat-ndvi", tile) + "?expression=(b4-b3)/(b4%2Bb3)&rescale=-0.2,0.6&colormap_name=rdylgn")
        #expect(response.status == 200)
        let result = try Reference.compare(
            response, source: "landsat.tif", tile: tile,
            spec: [
                "bands": [3, 4], "resampling": "bilinear", "expression": "(b4-b3)/(b4+b3)",
                "colormap": ["name": "RdYlGn", "vmin": -0.2, "vmax": 0.6],
            ])
        // The reference computes t in float64, pixels run in Float32: a value on an entry's
        // boundary may take the neighbouring entry.
        #expect(result.matching >= result.pixels - result.pixels / 1000 && result.maxDifference <= 16, "\(result)")
    }

    @Test func bandsStretchOneRangePerBand() throws {
        let tile = try centre("landsat-truecolor", zoom: 12)
        let response = try server.get(
            path("landsat-truecolor", tile) + "?bidx=4&bidx=3&bidx=2&rescale=0,200&rescale=0,150&rescale=0,120")
        #expect(response.status == 200)
        // rio-tiler truncates to bytes where the encoder rounds: one step apart at most.
        let result = try Reference.compare(
            response, source: "landsat.tif", tile: tile,
            spec: [
                "bands": [4, 3, 2], "resampling": "bilinear", "stretch": [[0, 200], [0, 150], [0, 120]],
                "tolerance": 1,
            ])
        #expect(result.matching == result.pixels, "\(result)")
    }

    @Test func aJSONColormapReplacesTheLayersClasses() throws {
        let tile = try centre("landsat-landcover", zoom: 12)
        let colormap = ##"{"1": "#ff0000", "2": [0, 255, 0, 255], "3": "#00f", "4": "#ffff0080"}"##
        let response = try server.get(
            path("landsat-landcover", tile) + "?colormap=" + QueryDecoding.encode(colormap))
        #expect(response.status == 200)
        let ndvi = "((b4-b3)/(b4+b3))"
        let result = try Reference.compare(
            response, source: "landsat.tif", tile: tile,
            spec: [
                "bands": [3, 4], "resampling": "nearest",
                "expression": "where(\(ndvi) < 0, 1, where(\(ndvi) < 0.2, 2, where(\(ndvi) < 0.5, 3, 4)))",
                "classes": [
                    "1": [255, 0, 0, 255], "2": [0, 255, 0, 255], "3": [0, 0, 255, 255], "4": [255, 255, 0, 128],
                ],
            ])
        // Float32 NDVI exactly on a class boundary may land on either side in numpy.
        #expect(Double(result.matching) >= 0.999 * Double(result.pixels), "\(result)")
    }

    @Test func nodataIsTransparentUnlessReturnMaskIsFalse() throws {
        let tile = try centre("landsat-truecolor", zoom: 12)
        // 38 is the commonest value of band 1 (4.5 % of its pixels).
        let target = path("landsat-truecolor", tile) + "?bidx=1&nodata=38&resampling=nearest&rescale=0,255"
        let spec: [String: Any] = ["bands": [1], "resampling": "nearest", "nodata": 38, "stretch": [[0, 255]]]
        let masked = try server.get(target)
        #expect(masked.status == 200)
        let result = try Reference.compare(masked, source: "landsat.tif", tile: tile, spec: spec)
        #expect(result.matching == result.pixels, "\(result)")
        #expect(result.expectedNodata > 0 && result.transparent == result.expectedNodata, "\(result)")

        let opaque = try server.get(target + "&return_mask=false")
        #expect(opaque.status == 200)
        var opaqueSpec = spec
        opaqueSpec["opaque"] = true
        let filled = try Reference.compare(opaque, source: "landsat.tif", tile: tile, spec: opaqueSpec)
        #expect(filled.matching == filled.pixels && filled.transparent == 0, "\(filled)")
        #expect(opaque.header("X-Config-Hash") != masked.header("X-Config-Hash"))
    }

    @Test func reprojectIsTheWarpsResampling() throws {
        let tile = try centre("elevation", zoom: 10)
        let response = try server.get(path("elevation", tile) + "?reproject=cubic")
        #expect(response.status == 200)
        let result = try Reference.compare(
            response, source: "srtm90.tif", tile: tile,
            spec: ["bands": [1], "resampling": "cubic", "colormap": ["name": "terrain", "vmin": 0, "vmax": 4400]])
        #expect(result.matching == result.pixels, "\(result)")
    }

    @Test func anExpressionOfConstantsIsOneBandEverywhere() throws {
        let tile = try centre("elevation", zoom: 9)
        let response = try server.get(path("elevation", tile) + "?expression=2000&return_mask=false")
        #expect(response.status == 200, "\(response.text)")
        let result = try Reference.compare(
            response, source: "srtm90.tif", tile: tile,
            spec: [
                "bands": [1], "resampling": "bilinear", "expression": "b1 * 0 + 2000", "opaque": true,
                "colormap": ["name": "terrain", "vmin": 0, "vmax": 4400],
            ])
        #expect(result.matching == result.pixels && result.transparent == 0, "\(result)")
    }

    // MARK: Hashes and caches

    @Test func aDerivedLayerHasItsOwnHashETagAndCacheEntries() throws {
        let base = try #require(layers["elevation"])
        let tile = try centreTile(base, zoom: 11)
        let plain = try server.get(path("elevation", tile))
        let target = path("elevation", tile) + "?rescale=500,2500"
        let first = try server.get(target)
        #expect(first.status == 200 && first.header("X-Cache") == "miss")
        let hash = try #require(first.header("X-Config-Hash"))
        #expect(hash != base.configHash && plain.header("X-Config-Hash") == base.configHash)
        #expect(first.header("ETag") != plain.header("ETag"))
        #expect(first.body != plain.body)
        // The same parameters written otherwise are the same derived layer, from memory.
        let again = try server.get(path("elevation", tile) + "?rescale=500.0,+2500")
        #expect(again.header("X-Cache") == "memory")
        #expect(again.header("X-Config-Hash") == hash && again.header("ETag") == first.header("ETag"))
        #expect(again.body == first.body)
        let notModified = try server.get(target, headers: ["If-None-Match": try #require(first.header("ETag"))])
        #expect(notModified.status == 304)
        // A query without parameters is the layer itself.
        #expect(try server.get(path("elevation", tile) + "?").header("X-Config-Hash") == base.configHash)
    }

    @Test func aDerivedTileIsSharedThroughRedis() throws {
        let redis = RedisServerProcess()
        try redis.start()
        let dem = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
        func server() throws -> RunningServer {
            try RunningServer(layers: dem) {
                var cache = RedisCacheConfiguration(url: redis.url)
                cache.connectTimeout = .milliseconds(100)
                cache.commandTimeout = .milliseconds(100)
                $0.redis = cache
            }
        }
        let tile = try centreTile(dem[0], zoom: 9)
        let target = path("dem", tile) + "?colormap_name=viridis"
        let first = try server()
        let rendered = try first.get(target)
        #expect(rendered.header("X-Cache") == "miss")
        let hash = try #require(rendered.header("X-Config-Hash"))
        // The key is the derived layer's: its config hash beside the base layer's data identity.
        let key = TileKey(
            layer: "dem", configHash: hash, dataIdentity: dem[0].dataIdentity,
            tile: TileAddress(z: tile.zoom, x: tile.x, y: tile.y, scale: 1))
        #expect(eventually { (try? redis.connect().run(["EXISTS", key.description])) == .integer(1) })
        let second = try server()
        let shared = try second.get(target)
        #expect(shared.header("X-Cache") == "redis" && shared.body == rendered.body)
        #expect(try second.get(path("dem", tile)).header("X-Cache") == "miss")
    }

    @Test func aLayerReadAlikeKeepsItsStatistics() throws {
        // landsat-truecolor's stretch takes percentiles of the whole scene when it loads; opaque
        // tiles of it are the same tiles wherever they were not transparent.
        let layer = try #require(layers["landsat-truecolor"])
        let tile = try centreTile(layer, zoom: 12)
        let plain = try server.get(path("landsat-truecolor", tile))
        let opaque = try server.get(path("landsat-truecolor", tile) + "?return_mask=false")
        #expect(plain.status == 200 && opaque.status == 200)
        #expect(opaque.header("X-Config-Hash") != layer.configHash)
        let reference = try Reference.pixels(plain)
        let filled = try Reference.pixels(opaque)
        #expect(reference.count == filled.count && reference.count == 256 * 256 * 4)
        var same = 0
        for pixel in stride(from: 0, to: reference.count, by: 4) where reference[pixel + 3] == 255 {
            if reference[pixel..<pixel + 4] == filled[pixel..<pixel + 4] { same += 1 }
        }
        let opaquePixels = stride(from: 3, to: reference.count, by: 4).filter { reference[$0] == 255 }.count
        #expect(opaquePixels > 0 && same == opaquePixels)
        #expect(stride(from: 3, to: filled.count, by: 4).allSatisfy { filled[$0] == 255 })
    }

    // MARK: Refusals

    @Test(arguments: [
        ("elevation", "?foo=1", "foo"),
        ("elevation", "?rescale=abc", "rescale"),
        ("elevation", "?rescale=3000,1000", "rescale"),
        ("elevation", "?colormap_name=nope", "colormap_name"),
        ("elevation", "?colormap=%7B%221%22%3A%22red%22%7D", "colormap"),
        ("elevation", "?expression=(b1%2B", "expression"),
        ("landsat-ndvi", "?expression=b9", "expression"),
        ("landsat-truecolor", "?bidx=3&bidx=2&bidx=1&colormap_name=viridis", "colormap_name"),
        ("landsat-truecolor", "?rescale=0,100", "rescale"),
        ("elevation", "?resampling=nearest&reproject=cubic", "reproject"),
        ("elevation", "?nodata=%zz", "nodata"),
        ("fixed", "?rescale=0,1000", "rescale"),
        ("limited", "?colormap_name=gray&nodata=0", "nodata"),
    ])
    func refusedParametersAreNamed(_ layer: String, _ query: String, _ parameter: String) throws {
        let tile = try centre(layer, zoom: layer.hasPrefix("landsat") ? 12 : 9)
        let response = try server.get(path(layer, tile) + query)
        #expect(response.status == 400, "\(response.text)")
        #expect(response.header("Cache-Control") == "no-store")
        let body = try #require(try response.json() as? [String: Any])
        #expect(body["parameter"] as? String == parameter, "\(body)")
        #expect(body["error"] is String && body["detail"] is String)
    }

    @Test func aBadExpressionGivesItsColumn() throws {
        let tile = try centre("elevation", zoom: 9)
        let response = try server.get(path("elevation", tile) + "?expression=b1*2;b1%2B%2Bb2)")
        #expect(response.status == 400)
        let detail = try #require((try response.json() as? [String: Any])?["detail"] as? String)
        // ")" is the 12th character of "b1*2;b1++b2)".
        #expect(detail.contains("column 12"), "\(detail)")
    }

    @Test func aLimitedLayerTakesWhatItLists() throws {
        let tile = try centre("limited", zoom: 9)
        #expect(try server.get(path("limited", tile) + "?colormap_name=gray&rescale=0,4000").status == 200)
        let description = try #require(try server.get("/layers/limited").json() as? [String: Any])
        #expect(description["parameters"] as? [String] == ["rescale", "colormap_name"])
        let fixed = try #require(try server.get("/layers/fixed").json() as? [String: Any])
        #expect(fixed["parameters"] as? [String] == [])
        let open = try #require(try server.get("/layers/elevation").json() as? [String: Any])
        #expect(open["parameters"] as? [String] == LayerOverrides.parameterNames)
    }

    // MARK: TileJSON

    @Test func tileJSONCarriesTheQuery() throws {
        let json = try #require(
            try server.get("/layers/elevation/tilejson.json?colormap_name=rdylgn&rescale=0,4000").json()
                as? [String: Any])
        let tiles = try #require(json["tiles"] as? [String])
        #expect(tiles.count == 1 && tiles[0].hasSuffix("/{z}/{x}/{y}.png?rescale=0,4000&colormap_name=RdYlGn"))
        let plain = try #require(try server.get("/layers/elevation/tilejson.json").json() as? [String: Any])
        #expect((plain["tiles"] as? [String])?.first?.hasSuffix(".png") == true)
        let refused = try server.get("/layers/fixed/tilejson.json?rescale=0,1")
        #expect(refused.status == 400)
        // The URL TileJSON gives serves the tile.
        let tile = try centre("elevation", zoom: 9)
        let url = tiles[0].replacingOccurrences(of: "{z}/{x}/{y}", with: "\(tile.zoom)/\(tile.x)/\(tile.y)")
        let start = try #require(url.range(of: "/tiles/"))
        let target = String(url[start.lowerBound...])
        #expect(try server.get(target).status == 200)
    }
}

/// `scripts/tile-reference.py`: the tile's expected pixels, computed without GeoToolz.
enum Reference {
    struct Result: CustomStringConvertible {
        let pixels: Int
        let matching: Int
        let transparent: Int
        let expectedTransparent: Int
        let expectedNodata: Int
        let maxDifference: Int

        var description: String {
            "\(matching)/\(pixels) match (max difference \(maxDifference)), \(transparent) transparent "
                + "(\(expectedTransparent) expected, \(expectedNodata) nodata)"
        }
    }

    /// Debian's python3, which holds numpy, matplotlib, PIL and GDAL's bindings (`make test`
    /// installs them), whatever else is first on PATH.
    static let python = "/usr/bin/python3"

    static func compare(_ response: TestResponse, source: String, tile: TileID, spec: [String: Any]) throws -> Result {
        let file = try temporaryDirectory("reference") + "/tile.png"
        try Data(response.body).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let specText = String(decoding: try JSONSerialization.data(withJSONObject: spec), as: UTF8.self)
        let run = try runToCompletion(
            python,
            [
                PackagePaths.root.appendingPathComponent("scripts/tile-reference.py").path, file,
                PackagePaths.data + "/" + source, "\(tile.zoom)/\(tile.x)/\(tile.y)", specText,
            ])
        guard run.status == 0,
            let values = try JSONSerialization.jsonObject(with: Data(run.standardOutput.utf8)) as? [String: Int]
        else {
            throw ReferenceFailure(message: "tile-reference.py failed (\(run.status)): \(run.standardError)")
        }
        return Result(
            pixels: values["pixels"] ?? 0, matching: values["matching"] ?? 0, transparent: values["transparent"] ?? 0,
            expectedTransparent: values["expectedTransparent"] ?? 0, expectedNodata: values["expectedNodata"] ?? 0,
            maxDifference: values["maxDifference"] ?? -1)
    }

    /// A PNG's pixels as RGBA bytes, decoded by PIL.
    static func pixels(_ response: TestResponse) throws -> [UInt8] {
        let file = try temporaryDirectory("decode") + "/tile.png"
        try Data(response.body).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        let run = try runToCompletion(
            python,
            [
                "-c",
                "import sys; from PIL import Image; "
                    + "sys.stdout.write(Image.open(sys.argv[1]).convert('RGBA').tobytes().hex())",
                file,
            ])
        guard run.status == 0 else { throw ReferenceFailure(message: "decoding failed: \(run.standardError)") }
        let hex = Array(run.standardOutput.utf8)
        return stride(from: 0, to: hex.count - 1, by: 2).map { index in
            UInt8(String(decoding: hex[index..<index + 2], as: UTF8.self), radix: 16) ?? 0
        }
    }

    struct ReferenceFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
