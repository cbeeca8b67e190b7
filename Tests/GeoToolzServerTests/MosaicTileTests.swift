import Foundation
import GeoToolzIO
import TestSupport
import Testing

/// Mosaic layers over HTTP: tiles over too many files are empty, and say why.
@Suite struct MosaicTileTests {
    @Test func tilesOverTooManyFilesAre204WithTheReason() throws {
        let layers = try DemoLayers.custom([
            "mosaic": """
            source: srtm-mosaic/*.tif
            max_files_per_tile: 2
            minzoom: 6
            maxzoom: 14
            pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
            """
        ])
        let server = try RunningServer(layers: layers)
        // Where four pieces meet, a zoom-7 tile touches more than two.
        let crowded = try WebMercatorQuad.tile(containingLongitude: -119.605, latitude: 37.963, zoom: 7)
        let refused = try server.get("/tiles/mosaic/\(crowded.zoom)/\(crowded.x)/\(crowded.y).png")
        #expect(refused.status == 204 && refused.header("X-Mosaic") == "too-many-files")
        let inside = try WebMercatorQuad.tile(containingLongitude: -120.3, latitude: 38.4, zoom: 12)
        let drawn = try server.get("/tiles/mosaic/\(inside.zoom)/\(inside.x)/\(inside.y).png")
        #expect(drawn.status == 200 && drawn.header("X-Mosaic") == nil)
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 7)
        let outside = try server.get("/tiles/mosaic/\(far.zoom)/\(far.x)/\(far.y).png")
        #expect(outside.status == 204 && outside.header("X-Mosaic") == nil)
    }
}

/// A mosaic's directory changing under a running server.
@Suite struct MosaicDirectoryChangeTests {
    @Test func aFileAddedToAMosaicDirectoryIsServedWithoutReloading() throws {
        let data = try temporaryDirectory("mosaic-data")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let source = PackagePaths.data + "/srtm90.tif"
        try FileManager.default.createDirectory(atPath: data + "/dem", withIntermediateDirectories: true)
        try gdalTranslate(["-srcwin", "0", "0", "400", "400", source, data + "/dem/west.tif"])
        try gdalTranslate(["-srcwin", "800", "0", "400", "400", source, data + "/east.tif"])
        let layers = try temporaryDirectory("mosaic-layers")
        defer { try? FileManager.default.removeItem(atPath: layers) }
        try "source: dem\nminzoom: 6\npipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}"
            .write(toFile: layers + "/dem.yaml", atomically: true, encoding: .utf8)
        let catalog = try LayerCatalog(directory: layers, dataDirectory: DataDirectory(data))
        let server = try RunningServer(layers: catalog.layers, reloadLayer: { try catalog.reloadLayer(named: $0) })
        let tile = try WebMercatorQuad.tile(containingLongitude: -119.95, latitude: 38.46, zoom: 11)
        let path = "/tiles/dem/\(tile.zoom)/\(tile.x)/\(tile.y).png"
        #expect(try server.get(path).status == 204)
        try FileManager.default.moveItem(atPath: data + "/east.tif", toPath: data + "/dem/east.tif")
        #expect(try eventually { try server.get(path).status == 200 }, "the new file should be served within seconds")
    }
}
