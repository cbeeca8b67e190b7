import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// `/wmts/1.0.0/WMTSCapabilities.xml` as WMTS clients read it: OWSLib parses it, and GDAL's WMTS
/// driver reads through it the same pixels the XYZ route serves.
@Suite struct WMTSCapabilitiesTests {
    /// argv: the capabilities URL, the server's base URL, a layer, and a tile z x y of it. Prints
    /// one line per check; any failure raises.
    static let clientScript = """
        import io, sys, urllib.request
        import numpy as np
        from PIL import Image
        from osgeo import gdal
        from owslib.wmts import WebMapTileService
        url, base, layer = sys.argv[1], sys.argv[2], sys.argv[3]
        z, x, y = (int(v) for v in sys.argv[4:7])
        service = WebMapTileService(url)
        print('layers', ' '.join(sorted(service.contents)))
        tms = service.tilematrixsets['WebMercatorQuad']
        # OGC 17-083r2 (Two Dimensional Tile Matrix Set), WebMercatorQuad, table of scales.
        assert abs(tms.tilematrix['0'].scaledenominator - 559082264.028717) < 1e-3, 'scale of z0'
        assert abs(tms.tilematrix['12'].scaledenominator - 136494.693367) < 1e-3, 'scale of z12'
        assert tms.tilematrix['3'].matrixwidth == 8 and tms.tilematrix['3'].tilewidth == 256
        entry = service.contents[layer]
        west, south, east, north = entry.boundingBoxWGS84
        print('bounds', round(west, 3), round(south, 3), round(east, 3), round(north, 3))
        limits = entry.tilematrixsetlinks['WebMercatorQuad'].tilematrixlimits[str(z)]
        assert limits.mintilecol <= x <= limits.maxtilecol and limits.mintilerow <= y <= limits.maxtilerow
        # Each ResourceURL template OWSLib read, filled in as clients fill it (OWSLib's own
        # gettile picks one of several at random, so the test fills them itself).
        print('formats', ' '.join(entry.formats))
        for resource in entry.resourceURLs:
            assert resource['resourceType'] == 'tile'
            url_of_tile = (resource['template'].replace('{TileMatrixSet}', 'WebMercatorQuad')
                           .replace('{TileMatrix}', str(z)).replace('{TileCol}', str(x)).replace('{TileRow}', str(y)))
            response = urllib.request.urlopen(url_of_tile)
            assert response.headers['Content-Type'] == resource['format'], (url_of_tile, response.headers)
            extension = {'image/png': 'png', 'image/webp': 'webp', 'image/jpeg': 'jpg', 'image/tiff': 'tif'}[resource['format']]
            assert response.read() == urllib.request.urlopen(f'{base}/tiles/{layer}/{z}/{x}/{y}.{extension}').read()
            print('resource', resource['format'])
        xyz = urllib.request.urlopen(f'{base}/tiles/{layer}/{z}/{x}/{y}.png').read()
        # GDAL's WMTS driver, reading the tile's extent from the tile's matrix (its grid, so no
        # resampling comes between the tile and what GDAL gives).
        gdal.SetConfigOption('GDAL_ENABLE_WMS_CACHE', 'NO')
        half, span = 20037508.342789244, 2 * 20037508.342789244 / 2 ** z
        minx, maxy = -half + x * span, half - y * span
        dataset = gdal.Translate('/vsimem/wmts.tif', f'WMTS:{url},layer={layer},tilematrix={z}', width=256, height=256,
                                 projWin=[minx, maxy, minx + span, maxy - span], projWinSRS='EPSG:3857')
        through_gdal = dataset.ReadAsArray()
        expected = np.asarray(Image.open(io.BytesIO(xyz)).convert('RGBA')).transpose(2, 0, 1)
        assert through_gdal.shape == expected.shape, (through_gdal.shape, expected.shape)
        equal = np.mean(np.all(through_gdal == expected, axis=0))
        print(f'gdal equal {equal:.4f}')
        # The same through the WorldCRS84Quad matrices: the tile holding the layer's centre.
        assert 'WorldCRS84Quad' in service.tilematrixsets and 'WorldCRS84Quad' in entry.tilematrixsetlinks
        assert abs(service.tilematrixsets['WorldCRS84Quad'].tilematrix['0'].scaledenominator - 279541132.014358) < 1e-3
        span = 180 / 2 ** z
        col, row = int(((west + east) / 2 + 180) // span), int((90 - (south + north) / 2) // span)
        minlon, maxlat = -180 + col * span, 90 - row * span
        dataset = gdal.Translate('/vsimem/crs84.tif', f'WMTS:{url},layer={layer},tilematrixset=WorldCRS84Quad,tilematrix={z}',
                                 width=256, height=256, projWin=[minlon, maxlat, minlon + span, maxlat - span])
        crs84 = urllib.request.urlopen(f'{base}/tiles/{layer}/WorldCRS84Quad/{z}/{col}/{row}.png').read()
        expected = np.asarray(Image.open(io.BytesIO(crs84)).convert('RGBA')).transpose(2, 0, 1)
        print(f'gdal crs84 equal {np.mean(np.all(dataset.ReadAsArray() == expected, axis=0)):.4f}')
        """

    @Test func clientsReadTheCapabilitiesAndTheirTilesAreTheXYZTiles() throws {
        let layers = try DemoLayers.all()
        let server = try RunningServer(layers: layers)
        let base = "http://127.0.0.1:\(server.port)"
        let elevation = try #require(layers.first { $0.name == "elevation" })
        let tile = try WebMercatorQuad.tile(containingLongitude: -119.2, latitude: 37.2, zoom: 9)
        #expect(elevation.serves(tile))
        let result = try runToCompletion(
            "/usr/bin/python3",
            [
                "-c", Self.clientScript, base + WMTSCapabilities.path, base, "elevation", "\(tile.zoom)", "\(tile.x)",
                "\(tile.y)",
            ])
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "layers " + layers.map(\.name).sorted().joined(separator: " "))
        let b = elevation.bounds
        let rounded = [b.west, b.south, b.east, b.north].map { String(format: "%.3f", $0) }
        #expect(lines.contains("bounds " + rounded.joined(separator: " ")), "\(lines)")
        #expect(lines.filter { $0.hasPrefix("resource ") }.count == 4, "\(lines)")
        #expect(lines.contains("formats image/png image/webp image/jpeg image/tiff"), "\(lines)")
        #expect(lines.contains("gdal equal 1.0000"), "\(lines)")
        #expect(lines.last == "gdal crs84 equal 1.0000", "\(lines)")
    }

    @Test func titlesAndAttributionsAreEscaped() throws {
        let layers = try DemoLayers.custom([
            "marked": """
            title: Rivers & <lakes> "2024"
            attribution: "A & B <i>"
            source: srtm90.tif
            pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
            """
        ])
        let xml = WMTSCapabilities.document(layers: layers, baseURL: "http://example.org")
        #expect(xml.contains("<ows:Title>Rivers &amp; &lt;lakes&gt; &quot;2024&quot;</ows:Title>"))
        #expect(xml.contains("<ows:Abstract>A &amp; B &lt;i&gt;</ows:Abstract>"))
        #expect(xml.contains("<ows:Identifier>24</ows:Identifier>"), "every zoom of the tile matrix set")
    }
}
