import GeoToolz
import Testing

@testable import GeoToolzIO

/// The tile matrix sets against the OGC Two Dimensional Tile Matrix Set standard's tables.
@Suite struct TileMatrixSetTests {
    @Test func scaleDenominatorsAreTheStandardsOwn() {
        // OGC 17-083r2, annex D: WebMercatorQuad and WorldCRS84Quad, zoom 0 and one deeper level.
        #expect(abs(TileMatrixSet.webMercatorQuad.scaleDenominator(zoom: 0) - 559_082_264.028_717_8) < 1e-3)
        #expect(abs(TileMatrixSet.webMercatorQuad.scaleDenominator(zoom: 18) - 2_132.729_583_849_784) < 1e-6)
        #expect(abs(TileMatrixSet.worldCRS84Quad.scaleDenominator(zoom: 0) - 279_541_132.014_358_9) < 1e-3)
        #expect(abs(TileMatrixSet.worldCRS84Quad.scaleDenominator(zoom: 5) - 8_735_660.375_448_71) < 1e-5)
    }

    @Test func matricesAndTileBounds() throws {
        let crs84 = TileMatrixSet.worldCRS84Quad
        #expect(crs84.matrixSize(zoom: 0) == (2, 1) && crs84.matrixSize(zoom: 3) == (16, 8))
        #expect(crs84.bounds(zoom: 0, x: 1, y: 0) == GridBounds(minX: 0, minY: -90, maxX: 180, maxY: 90))
        #expect(crs84.bounds(zoom: 1, x: 0, y: 1) == GridBounds(minX: -180, minY: -90, maxX: -90, maxY: 0))
        #expect(throws: TileError.self) { try GridTile(crs84, zoom: 1, x: 4, y: 0) }
        #expect(throws: TileError.self) { try GridTile(crs84, zoom: 1, x: 0, y: 2) }
        // A WebMercatorQuad tile's window is the one tiles always had.
        let tile = try TileID(zoom: 9, x: 85, y: 197)
        #expect(GridTile(tile).window(halo: 2) == RasterWindow(tile: tile, halo: 2).grid)
        #expect(TileMatrixSet.named("WorldCRS84Quad") == crs84 && TileMatrixSet.named("worldcrs84quad") == nil)
        // Tiles covering the Sierra Nevada sample at zoom 8 in CRS84: 180/2^8 degrees a tile.
        let range = try #require(
            crs84.tiles(covering: GridBounds(minX: -120.5, minY: 36.6, maxX: -117.3, maxY: 38.6), zoom: 8))
        #expect(range.x == 84...89 && range.y == 73...75)
    }
}
