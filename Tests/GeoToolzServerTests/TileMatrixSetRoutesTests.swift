import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// Tiles of the WorldCRS84Quad grid through `/tiles/{layer}/{tileMatrixSet}/…`, against gdalwarp.
@Suite(.serialized) struct TileMatrixSetRoutesTests {
    let server: RunningServer

    init() throws {
        server = try RunningServer(layers: try DemoLayers.all())
    }

    /// The Sierra Nevada sample at zoom 9 of WorldCRS84Quad: 180/2^9 degrees a tile.
    static let tile = (zoom: 9, x: 171, y: 150)

    @Test func worldCRS84QuadTilesAreGdalwarpInEPSG4326() throws {
        let (z, x, y) = Self.tile
        let bounds = TileMatrixSet.worldCRS84Quad.bounds(zoom: z, x: x, y: y)
        let response = try server.get("/tiles/elevation/WorldCRS84Quad/\(z)/\(x)/\(y).tif")
        #expect(
            response.status == 200 && response.header("Content-Type") == "image/tiff", "\(response.text.prefix(200))")
        let directory = try temporaryDirectory("crs84")
        let tilePath = directory + "/tile.tif"
        let referencePath = directory + "/reference.tif"
        try Data(response.body).write(to: URL(fileURLWithPath: tilePath))
        let warp = try runToCompletion(
            "/usr/bin/gdalwarp",
            [
                "-q", "-t_srs", "EPSG:4326", "-te", "\(bounds.minX)", "\(bounds.minY)", "\(bounds.maxX)",
                "\(bounds.maxY)", "-ts", "256", "256", "-r", "bilinear", "-ot", "Float32", "-dstnodata", "nan",
                PackagePaths.data + "/srtm90.tif", referencePath,
            ])
        #expect(warp.status == 0, "\(warp.standardError)")
        // Numbers, geotransform and CRS compared by GDAL's own Python bindings.
        let compare = try runToCompletion(
            "/usr/bin/python3",
            [
                "-c",
                """
                import sys
                import numpy as np
                from osgeo import gdal
                tile, reference = gdal.Open(sys.argv[1]), gdal.Open(sys.argv[2])
                a, b = tile.ReadAsArray().astype(np.float64), reference.ReadAsArray().astype(np.float64)
                same = (np.isnan(a) == np.isnan(b)) & np.where(np.isnan(b), True, np.abs(a - b) <= 1e-3)
                transform = np.allclose(tile.GetGeoTransform(), reference.GetGeoTransform(), rtol=0, atol=1e-9)
                epsg = tile.GetSpatialRef().GetAuthorityCode(None)
                print(f'{same.mean():.5f} {int(np.isfinite(b).sum())} {transform} {epsg}')
                """, tilePath, referencePath,
            ])
        #expect(compare.status == 0, "\(compare.standardError)")
        let parts = compare.standardOutput.split(separator: " ").map(String.init)
        #expect((Double(parts[0]) ?? 0) >= 0.999, "\(parts)")
        #expect((Int(parts[1]) ?? 0) > 60000, "the tile should be mostly data")
        #expect(parts[2] == "True" && parts[3].hasPrefix("4326"), "\(parts)")
    }

    @Test func gridsHaveTheirOwnCacheEntriesAndErrors() throws {
        let (z, x, y) = Self.tile
        let crs84 = try server.get("/tiles/elevation/WorldCRS84Quad/\(z)/\(x)/\(y).png")
        #expect(crs84.status == 200 && crs84.header("Content-Type") == "image/png")
        #expect(crs84.header("ETag")?.contains("WorldCRS84Quad") == true)
        // The same numbers in WebMercatorQuad are another tile, with its own cache entry.
        let mercator = try server.get("/tiles/elevation/WebMercatorQuad/\(z)/85/197.png")
        #expect(mercator.status == 200 && mercator.header("X-Cache") == "miss")
        let again = try server.get("/tiles/elevation/WorldCRS84Quad/\(z)/\(x)/\(y).png")
        #expect(again.header("X-Cache") == "memory" && again.body == crs84.body)
        // The grid's own matrix bounds: 2^(z+1) columns, 2^z rows.
        #expect(try server.get("/tiles/elevation/WorldCRS84Quad/0/1/0.png").status == 404)  // zoom below the layer's
        let outside = try server.get("/tiles/elevation/WorldCRS84Quad/9/1024/0.png")
        #expect(outside.status == 404 && outside.text.contains("x must be below 1024"), "\(outside.text)")
        let far = try server.get("/tiles/elevation/WorldCRS84Quad/9/600/100.png")
        #expect(far.status == 204)
        let unknown = try server.get("/tiles/elevation/GoogleCRS84Quad/9/1/1.png")
        #expect(unknown.status == 400 && unknown.text.contains("WebMercatorQuad, WorldCRS84Quad"), "\(unknown.text)")
    }

    @Test func tileJSONNamesEveryGrid() throws {
        let json = try #require(try server.get("/layers/elevation/tilejson.json").json() as? [String: Any])
        let grids = try #require(json["tileMatrixSets"] as? [String: String])
        #expect(Set(grids.keys) == ["WebMercatorQuad", "WorldCRS84Quad"])
        let template = try #require(grids["WorldCRS84Quad"])
        #expect(template.hasSuffix("/tiles/elevation/WorldCRS84Quad/{z}/{x}/{y}.png"))
        let (z, x, y) = Self.tile
        let path = template.replacingOccurrences(of: "{z}", with: "\(z)").replacingOccurrences(of: "{x}", with: "\(x)")
            .replacingOccurrences(of: "{y}", with: "\(y)")
        let url = try #require(URL(string: path))
        #expect(try server.get(url.path).status == 200)
    }
}
