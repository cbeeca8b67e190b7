import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Reads onto grids in CRSs other than EPSG:3857 against `gdalwarp -t_srs CRS -te … -ts …` over
/// the same files; and the tile path unchanged beside them.
@Suite struct GridWindowReadTests {
    /// A box over the SRTM sample in each CRS, edges off every pixel grid.
    static let windows: [GridWindow] = [
        GridWindow(
            crs: .lonLat, bounds: GridBounds(minX: -119.713, minY: 37.507, maxX: -119.305, maxY: 37.883), width: 301,
            height: 277),
        GridWindow(
            crs: try! GridCRS(epsg: 32611),
            bounds: GridBounds(minX: 262_013, minY: 4_156_021, maxX: 301_977, maxY: 4_190_503), width: 240, height: 200),
    ]

    @Test(arguments: windows)
    func aSingleFileMatchesGdalwarpInTheWindowsCRS(_ window: GridWindow) throws {
        let reader = try TileReader(path: try SampleData.srtm)
        let read = try reader.read(window, resampling: .bilinear)
        #expect(read.crs == window.crs.definition && read.transform == window.transform)
        let expected = try GDALTool.warp([try SampleData.srtm], window, resampling: "bilinear")
        let agreement = Agreement(read, expected, tolerance: 0.01)
        #expect(agreement.fraction >= 0.999, "\(agreement)")
        #expect(agreement.validPixels > window.pixelCount / 2)
    }

    @Test func aMosaicIsReadThroughTheWindowsFootprint() throws {
        let (mosaic, directory) = try MosaicReadTests.demoMosaic()
        // Over the seam where pieces in EPSG:4326, UTM 11N and EPSG:3857 meet.
        let window = GridWindow(
            crs: .lonLat, bounds: GridBounds(minX: -119.9, minY: 37.75, maxX: -119.3, maxY: 38.15), width: 360,
            height: 240)
        let files = mosaic.files(touching: window)
        #expect(Set(files.map { mosaic.descriptions[$0].crsWKT }).count >= 2)
        let read = try mosaic.read(window, resampling: .bilinear)
        let expected = try GDALTool.warp(
            files.reversed().map { directory + "/" + mosaic.members[$0].name }, window, resampling: "bilinear")
        let agreement = Agreement(read, expected, tolerance: 0.01)
        #expect(agreement.fraction >= 0.999, "\(agreement) over \(files.count) files")
    }

    @Test func tilesReadTheSameBeforeAndAfterReadsInOtherCRSs() throws {
        let reader = try TileReader(path: try SampleData.srtm)
        let tile = RasterWindow(tile: try WebMercatorQuad.tile(containingLongitude: -119.5, latitude: 37.7, zoom: 10))
        let before = try reader.read(tile, resampling: .bilinear)
        // More CRSs than a warper keeps levels for: the oldest are dropped and made again.
        for code in [32611, 4326, 32610, 26911, 3310, 32611] {
            let crs = try GridCRS(epsg: code)
            let bounds = try Self.projected(Self.windows[0], to: crs)
            _ = try reader.read(GridWindow(crs: crs, bounds: bounds, width: 64, height: 64), resampling: .bilinear)
        }
        #expect(try reader.read(tile, resampling: .bilinear) == before)
        #expect(try reader.read(tile.grid, resampling: .bilinear) == before, "a one-off read of the same grid")
    }

    @Test func clientCRSsAreOnlyEPSGCodesPROJKnows() throws {
        #expect(try GridCRS(parsing: "epsg:4326") == .lonLat)
        for text in ["EPSG:999999", "EPSG:", "/etc/passwd", "+proj=longlat", "EPSG:4326 ", "EPSG:4978"] {
            #expect(throws: GDALError.self, "\(text)") { try GridCRS(parsing: text) }
        }
    }

    /// The box around a longitude/latitude window in `crs`.
    static func projected(_ window: GridWindow, to crs: GridCRS) throws -> GridBounds {
        let geographic = try #require(window.geographicFootprint)
        return try #require(try LonLatProjection(to: crs).bounds(geographic))
    }
}

extension GDALTool {
    /// `gdalwarp -t_srs CRS -te … -ts …` of `sources` onto `window`, later files over earlier ones.
    static func warp(_ sources: [String], _ window: GridWindow, resampling: String) throws -> GeoTensor {
        let output = DerivedData.directory + "/reference-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let b = window.bounds
        try run(
            "gdalwarp",
            [
                "-q", "-overwrite", "-t_srs", window.crs.definition, "-te", "\(b.minX)", "\(b.minY)", "\(b.maxX)",
                "\(b.maxY)", "-ts", "\(window.width)", "\(window.height)", "-r", resampling, "-ot", "Float32",
                "-dstnodata", "nan",
            ] + sources + [output])
        return try read(output)
    }
}
