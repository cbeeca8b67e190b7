import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// Tiles in WebP and JPEG, by extension and by `Accept`, against the real server.
@Suite(.serialized) struct TileFormatRoutesTests {
    let server: RunningServer
    let elevation: Layer

    init() throws {
        server = try RunningServer(layers: try DemoLayers.all())
        elevation = try #require(try DemoLayers.catalog.get().layer(named: "elevation"))
    }

    static let signatures: [String: [UInt8]] = [
        "image/png": [0x89, 0x50, 0x4E, 0x47], "image/webp": Array("RIFF".utf8), "image/jpeg": [0xFF, 0xD8, 0xFF],
        "image/tiff": Array("II".utf8),
    ]

    func tilePath(_ layer: String, _ tile: TileID, _ suffix: String) -> String {
        "/tiles/\(layer)/\(tile.zoom)/\(tile.x)/\(tile.y)\(suffix)"
    }

    @Test func eachExtensionIsItsOwnTileWithItsOwnETagAndCacheEntry() throws {
        let tile = try centreTile(elevation, zoom: 10)
        var etags = Set<String>()
        for (suffix, type) in [
            (".png", "image/png"), (".webp", "image/webp"), (".jpg", "image/jpeg"), (".tif", "image/tiff"),
        ] {
            let first = try server.get(tilePath("elevation", tile, suffix))
            #expect(first.status == 200 && first.header("Content-Type") == type, "\(suffix)")
            #expect(
                Array(first.body.prefix(try #require(Self.signatures[type]).count)) == Self.signatures[type],
                "\(suffix)")
            #expect(first.header("X-Cache") == "miss", "\(suffix): a format shares no cache entry with another")
            #expect(first.header("Vary") == nil, "an extension names the format: nothing to vary on")
            let again = try server.get(tilePath("elevation", tile, suffix))
            #expect(again.header("X-Cache") == "memory" && again.body == first.body, "\(suffix)")
            etags.insert(try #require(first.header("ETag")))
        }
        #expect(etags.count == 4)
        // `.jpeg` names JPEG too, and @2x works in every format.
        let retina = try server.get(tilePath("elevation", tile, "@2x.jpeg"))
        #expect(retina.status == 200 && retina.header("Content-Type") == "image/jpeg")
    }

    @Test func aTileWithoutExtensionFollowsAccept() throws {
        let tile = try centreTile(elevation, zoom: 9)
        let url = tilePath("elevation", tile, "")
        for (accept, expected) in [
            (nil, "image/png"), ("image/webp", "image/webp"), ("image/jpeg;q=0.9, image/webp;q=0.5", "image/jpeg"),
            ("image/avif,image/webp,image/apng,image/*,*/*;q=0.8", "image/png"), ("text/html", "image/png"),
        ] as [(String?, String)] {
            let response = try server.get(url, headers: accept.map { ["Accept": $0] } ?? [:])
            #expect(response.status == 200 && response.header("Content-Type") == expected, "\(accept ?? "none")")
            #expect(response.header("Vary") == "Accept")
        }
    }

    @Test func formatsALayerDoesNotServeAreNotFound() throws {
        let dem = try #require(try DemoLayers.catalog.get().layer(named: "elevation-dem"))
        let response = try server.get(tilePath("elevation-dem", try centreTile(dem, zoom: 9), ".jpg"))
        #expect(response.status == 404)
        #expect(
            response.text.contains("layer 'elevation-dem' serves .png, .webp, .tif tiles, not .jpg"), "\(response.text)"
        )
        let unknown = try server.get(tilePath("elevation", try centreTile(elevation, zoom: 9), ".gif"))
        #expect(unknown.status == 400 && unknown.text.contains("tiles end in .png, .webp, .jpg, .tif or no extension"))
    }

    @Test func transparentPixelsInAJPEGTileAreRefusedClearly() throws {
        let truecolor = try #require(try DemoLayers.catalog.get().layer(named: "landsat-truecolor"))
        // The tile holding the layer's north-west corner: partly outside the data.
        let bounds = truecolor.mercatorBounds
        let corner = try WebMercatorQuad.tile(containingX: bounds.minX + 1, y: bounds.maxY - 1, zoom: 12)
        let png = try server.get(tilePath("landsat-truecolor", corner, ".png"))
        #expect(png.status == 200)
        let jpeg = try server.get(tilePath("landsat-truecolor", corner, ".jpg"))
        #expect(jpeg.status == 400, "\(jpeg.text)")
        #expect(jpeg.text.contains("tile not drawable as JPEG") && jpeg.text.contains("fill"), "\(jpeg.text)")
        // The server goes on serving.
        #expect(try server.get(tilePath("landsat-truecolor", corner, ".webp")).status == 200)
        // Far from the data, an `outside: transparent` layer draws a transparent tile; a GeoTIFF of
        // no values has no content.
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 12)
        #expect(try server.get(tilePath("landsat-falsecolor", far, ".png")).status == 200)
        #expect(try server.get(tilePath("landsat-falsecolor", far, ".tif")).status == 204)
    }
}
