import GeoToolzCache
import GeoToolzIO
import GeoToolzServer
import Testing

@Suite struct RouteTests {
    @Test func tilesParse() throws {
        #expect(
            try Route.parse("/tiles/dem/12/654/1583.png") == .tile(layer: "dem", TileAddress(z: 12, x: 654, y: 1583)))
        #expect(
            try Route.parse("/tiles/dem/3/1/2@2x.png?v=1")
                == .tile(layer: "dem", TileAddress(z: 3, x: 1, y: 2, scale: 2)))
        #expect(try Route.parse("/tiles/dem/3/1/2@1x.png") == .tile(layer: "dem", TileAddress(z: 3, x: 1, y: 2)))
        #expect(
            try Route.parse("/tiles/dem/WorldCRS84Quad/3/15/7.tif")
                == .gridTile(layer: "dem", TileAddress(z: 3, x: 15, y: 7, format: .geotiff, grid: .worldCRS84Quad)))
        #expect(throws: RouteError.self) { try Route.parse("/tiles/dem/Mercator/3/1/2.png") }
        // Other formats by extension, and none: the `Accept` header decides.
        for (suffix, format) in [(".webp", TileFormat.webp), (".jpg", .jpeg), (".jpeg", .jpeg), ("", nil)] {
            #expect(
                try Route.parse(Substring("/tiles/dem/3/1/2@2x" + suffix))
                    == .tile(layer: "dem", TileAddress(z: 3, x: 1, y: 2, scale: 2, format: format)))
        }
    }

    @Test(arguments: [
        "/tiles/dem/a/1/2.png", "/tiles/dem/1/-1/2.png", "/tiles/dem/1/1/2.gif", "/tiles/dem/1/1/2.",
        "/tiles/dem/1/1/2@3x.png",
        "/tiles/dem/1/1.png", "/tiles/dem/1/1/2/3.png", "/tiles//1/1/2.png", "/tiles/dem/99999999999/1/2.png",
        "/tiles/dem/1/1/+2.png", "/tiles/dem/1/1/ 2.png", "nonsense",
    ])
    func malformedTilesAreBadRequests(_ path: String) {
        #expect {
            try Route.parse(Substring(path))
        } throws: { error in
            if case RouteError.malformed = error { return true }
            return false
        }
    }

    @Test func metadataRoutesParse() throws {
        #expect(try Route.parse("/") == .index)
        #expect(try Route.parse("/layers") == .layers)
        #expect(try Route.parse("/layers/dem") == .layer("dem"))
        #expect(try Route.parse("/layers/dem/tilejson.json") == .tileJSON("dem"))
        #expect(try Route.parse("/colormaps") == .colormaps)
        #expect(try Route.parse("/colormaps/viridis") == .colormap("viridis"))
        #expect(try Route.parse("/colormaps/viridis.png") == .colormapLegend("viridis"))
        #expect(try Route.parse("/health") == .health)
        #expect(try Route.parse("/metrics") == .metrics)
        #expect(try Route.parse("/static/app/viewer.js") == .staticFile("app/viewer.js"))
        #expect(try Route.parse("/vendor/leaflet/images/marker.png") == .leaflet("images/marker.png"))
        #expect(try Route.parse("/vendor/maplibre/maplibre-gl.js") == .maplibre("maplibre-gl.js"))
        #expect(try Route.parse("/viewer/config.json") == .viewerConfig)
    }

    @Test(arguments: [
        "/static/../secret", "/static/.hidden", "/static/a/%2e%2e/b", "/static/", "/vendor/leaflet/../x", "/nope",
        "/vendor/maplibre/../x", "/vendor/maplibre/", "/viewer/other.json",
        "/layers/dem/other", "/health/x",
    ])
    func unknownOrEscapingPathsAreNotFound(_ path: String) {
        #expect(throws: RouteError.notFound) { try Route.parse(Substring(path)) }
    }

    @Test func theTileMatrixBoundsTheCoordinates() {
        #expect(TileAddress(z: 0, x: 0, y: 0).gridTile != nil)
        #expect(TileAddress(z: 0, x: 1, y: 0).gridTile == nil)
        #expect(TileAddress(z: 2, x: 3, y: 3).gridTile != nil)
        #expect(TileAddress(z: 2, x: 3, y: 4).gridTile == nil)
        #expect(TileAddress(z: 31, x: 0, y: 0).gridTile == nil)
        // WorldCRS84Quad has two columns at zoom 0.
        #expect(TileAddress(z: 0, x: 1, y: 0, grid: .worldCRS84Quad).gridTile != nil)
        #expect(TileAddress(z: 0, x: 2, y: 0, grid: .worldCRS84Quad).gridTile == nil)
        #expect(TileAddress(z: 0, x: 0, y: 1, grid: .worldCRS84Quad).gridTile == nil)
    }
}
