import Foundation

/// Two versions of a layer over 10 × 10 zoom-8 tiles whose pixels differ in one tile only, for
/// `geotoolz diff`'s tests: a raster of heights 0…1000 everywhere but in tile 8/43/95, which holds
/// 5000…5100; the new version adds 100 to heights above 4000.
public enum OneChangedTileFixture {
    /// The zoom the raster's pixels line up with: 64 raster pixels to a tile.
    public static let zoom = 8
    public static let columns = 40...49
    public static let rows = 90...99
    /// The only tile whose pixels change.
    public static let changedTile = (x: 43, y: 95)
    /// The change there, in value units.
    public static let change = 100.0

    /// Writes the raster (`heights.tif`) into a new data folder and gives the folder.
    public static func makeData() throws -> String {
        let folder = try temporaryDirectory("one-changed-tile")
        let script = """
            import numpy
            from osgeo import gdal, osr
            origin = 20037508.342789244
            size = 2 * origin / (1 << \(zoom))
            per_tile = 64
            x0, y0 = \(columns.lowerBound), \(rows.lowerBound)
            n = \(columns.count) * per_tile
            rows, cols = numpy.mgrid[0:n, 0:n]
            heights = ((rows + cols) / (2 * n) * 1000).astype(numpy.float32)
            cx, cy = \(changedTile.x) - x0, \(changedTile.y) - y0
            block = heights[cy * per_tile:(cy + 1) * per_tile, cx * per_tile:(cx + 1) * per_tile]
            heights[cy * per_tile:(cy + 1) * per_tile, cx * per_tile:(cx + 1) * per_tile] = 5000 + block / 10
            dataset = gdal.GetDriverByName("GTiff").Create("\(folder)/heights.tif", n, n, 1, gdal.GDT_Float32)
            dataset.SetGeoTransform((-origin + x0 * size, size / per_tile, 0, origin - y0 * size, 0, -size / per_tile))
            srs = osr.SpatialReference()
            srs.ImportFromEPSG(3857)
            dataset.SetProjection(srs.ExportToWkt())
            dataset.GetRasterBand(1).WriteArray(heights)
            dataset = None
            """
        let result = try runToCompletion("/usr/bin/python3", ["-c", script])
        guard result.status == 0 else {
            throw FixtureFailure(message: "cannot write the raster: \(result.standardError)")
        }
        return folder
    }

    /// The layer file of a version: the old shows the heights, the new raises those above 4000.
    public static func layer(new: Bool) -> String {
        let raise = new ? "\n    - {_target_: BandMath, expression: \"where(b1 > 4000, b1 + \(Int(change)), b1)\"}" : ""
        return """
            name: heights
            source: heights.tif
            bands: [1]
            resampling: nearest
            minzoom: 6
            maxzoom: 10
            pipeline:
              _target_: Sequential
              operators:\(raise)
                - {_target_: Colormap, name: terrain, vmin: 0, vmax: 6000}
            """
    }

    /// Why a fixture could not be made.
    public struct FixtureFailure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
