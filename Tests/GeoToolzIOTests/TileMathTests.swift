import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

@Suite struct TileMathTests {
    @Test func zoomZeroIsTheWholeWorld() throws {
        #expect(WebMercatorQuad.bounds(of: try TileID(zoom: 0, x: 0, y: 0)) == WebMercatorQuad.world)
        #expect(abs(WebMercatorQuad.resolution(zoom: 0) - 156_543.033_928_040_97) < 1e-8)
    }

    @Test func rowsCountFromTheTop() throws {
        let northWest = WebMercatorQuad.bounds(of: try TileID(zoom: 1, x: 0, y: 0))
        #expect(
            northWest
                == MercatorBounds(minX: -WebMercatorQuad.halfWorld, minY: 0, maxX: 0, maxY: WebMercatorQuad.halfWorld))
        let southEast = WebMercatorQuad.bounds(of: try TileID(zoom: 1, x: 1, y: 1))
        #expect(
            southEast
                == MercatorBounds(minX: 0, minY: -WebMercatorQuad.halfWorld, maxX: WebMercatorQuad.halfWorld, maxY: 0))
    }

    @Test func longitudeLatitudeToTile() throws {
        // Berlin, a well-known example of the XYZ scheme.
        #expect(
            try WebMercatorQuad.tile(containingLongitude: 13.405, latitude: 52.52, zoom: 10)
                == TileID(zoom: 10, x: 550, y: 335))
        #expect(
            try WebMercatorQuad.tile(containingLongitude: -180, latitude: 85.06, zoom: 3) == TileID(zoom: 3, x: 0, y: 0)
        )
        #expect(
            try WebMercatorQuad.tile(containingLongitude: 180, latitude: -89, zoom: 3) == TileID(zoom: 3, x: 7, y: 7))
        // A tile holds the points it is computed from.
        for (lon, lat) in [(-119.03, 37.63), (-112.7, 40.8), (151.2, -33.9)] {
            for zoom in [0, 5, 12, 24] {
                let tile = try WebMercatorQuad.tile(containingLongitude: lon, latitude: lat, zoom: zoom)
                let point = WebMercatorQuad.mercator(longitude: lon, latitude: lat)
                let bounds = WebMercatorQuad.bounds(of: tile)
                #expect(
                    bounds.minX <= point.x && point.x < bounds.maxX && bounds.minY < point.y && point.y <= bounds.maxY)
            }
        }
    }

    @Test func mercatorRoundTrips() {
        for (lon, lat) in [(0.0, 0.0), (-119.03, 37.63), (179.9, -85.0), (-45, 60)] {
            let point = WebMercatorQuad.mercator(longitude: lon, latitude: lat)
            let back = WebMercatorQuad.lonLat(x: point.x, y: point.y)
            #expect(abs(back.longitude - lon) < 1e-9 && abs(back.latitude - lat) < 1e-9)
        }
        let corner = WebMercatorQuad.mercator(longitude: 180, latitude: 90)
        #expect(abs(corner.x - WebMercatorQuad.halfWorld) < 1e-6 && abs(corner.y - WebMercatorQuad.halfWorld) < 1e-6)
    }

    @Test func tileAddressesParseAndValidate() throws {
        #expect(try TileID("12/693/1585") == TileID(zoom: 12, x: 693, y: 1585))
        #expect(try TileID("12/693/1585").description == "12/693/1585")
        #expect(throws: TileError.malformed("12/693")) { try TileID("12/693") }
        #expect(throws: TileError.malformed("a/b/c")) { try TileID("a/b/c") }
        #expect(throws: TileError.zoomOutOfRange(25)) { try TileID("25/0/0") }
        #expect(throws: TileError.positionOutOfRange(zoom: 2, x: 4, y: 0)) { try TileID("2/4/0") }
        #expect(throws: TileError.positionOutOfRange(zoom: 2, x: 0, y: -1)) { try TileID(zoom: 2, x: 0, y: -1) }
        #expect(try TileID("24/16777215/16777215").x == (1 << 24) - 1)
    }

    @Test func tilesCoveringBounds() throws {
        let tile = try TileID(zoom: 9, x: 86, y: 198)
        let range = try #require(WebMercatorQuad.tiles(covering: WebMercatorQuad.bounds(of: tile), zoom: 9))
        #expect(range.x == 86...86 && range.y == 198...198)
        let world = try #require(WebMercatorQuad.tiles(covering: WebMercatorQuad.world, zoom: 2))
        #expect(world.x == 0...3 && world.y == 0...3)
        let outside = MercatorBounds(minX: 3e7, minY: 0, maxX: 4e7, maxY: 1)
        #expect(WebMercatorQuad.tiles(covering: outside, zoom: 3) == nil)
    }

    @Test func scaledAndPaddedWindows() throws {
        let tile = try TileID(zoom: 12, x: 693, y: 1585)
        let bounds = WebMercatorQuad.bounds(of: tile)
        let retina = RasterWindow(tile: tile, tileSize: 512)
        #expect(retina.width == 512 && retina.bounds == bounds)
        #expect(abs(retina.transform.pixelWidth - WebMercatorQuad.resolution(zoom: 12, tileSize: 512)) < 1e-9)
        let padded = RasterWindow(tile: tile, halo: 3)
        let resolution = WebMercatorQuad.resolution(zoom: 12)
        #expect(padded.width == 262 && padded.height == 262)
        #expect(abs(padded.bounds.minX - (bounds.minX - 3 * resolution)) < 1e-6)
        #expect(abs(padded.transform.pixelWidth - resolution) < 1e-9)
        #expect(abs(padded.transform.pixelHeight + resolution) < 1e-9)
    }

    @Test func boundsIntersectOnlyWithArea() {
        let a = MercatorBounds(minX: 0, minY: 0, maxX: 10, maxY: 10)
        #expect(a.intersects(MercatorBounds(minX: 5, minY: 5, maxX: 20, maxY: 20)))
        #expect(!a.intersects(MercatorBounds(minX: 10, minY: 0, maxX: 20, maxY: 10)))
        #expect(
            a.union(MercatorBounds(minX: -5, minY: 2, maxX: 3, maxY: 30))
                == MercatorBounds(minX: -5, minY: 0, maxX: 10, maxY: 30))
    }

    @Test func longitudeLatitudeBoundsIntersectOnlyWithArea() {
        let layer = GeoBounds(west: -121, south: 36, east: -117, north: 39)
        #expect(
            layer.intersection(GeoBounds(west: -119, south: 37, east: -110, north: 40))
                == GeoBounds(west: -119, south: 37, east: -117, north: 39))
        #expect(layer.intersection(layer) == layer)
        // Touching edges share no area; apart, nothing.
        #expect(layer.intersection(GeoBounds(west: -117, south: 36, east: -115, north: 39)) == nil)
        #expect(layer.intersection(GeoBounds(west: 10, south: 40, east: 11, north: 41)) == nil)
    }

    @Test func overviewChoiceFollowsGdalwarp() {
        // SRTM: 4269 pixels wide, overviews 2135, 1068 and 534 wide (ratios ≈ 2, 4, 8).
        let widths = [2135, 1068, 534]
        func level(_ ratio: Double) -> Int? {
            OverviewSelection.level(targetRatio: ratio, fullWidth: 4269, overviewWidths: widths)
        }
        #expect(level(0.5) == nil)
        #expect(level(1.7) == nil)
        #expect(level(1.95) == nil)  // finer than the first overview
        #expect(level(4269.0 / 2135.0) == 0)  // exactly the first overview
        #expect(level(2.03) == 0)
        #expect(level(3.9) == 0)
        #expect(level(4.05) == 1)
        #expect(level(6.8) == 1)
        #expect(level(27) == 2)
        #expect(OverviewSelection.level(targetRatio: 27, fullWidth: 4269, overviewWidths: []) == nil)
    }
}
