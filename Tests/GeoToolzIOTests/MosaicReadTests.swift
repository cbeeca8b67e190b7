import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// Mosaic tiles against outside references: gdalwarp over the same files, and per-file gdalwarp
/// outputs combined here for each method.
@Suite struct MosaicReadTests {
    /// A tile of the demo mosaic; `seam` tiles straddle pieces of different CRSs.
    struct DemoCase: Sendable, CustomTestStringConvertible {
        let longitude: Double
        let latitude: Double
        let zoom: Int
        var tileSize = 256

        var testDescription: String { "z\(zoom) at \(longitude), \(latitude) @\(tileSize)px" }
        var window: RasterWindow {
            get throws {
                RasterWindow(
                    tile: try WebMercatorQuad.tile(containingLongitude: longitude, latitude: latitude, zoom: zoom),
                    tileSize: tileSize)
            }
        }
    }

    static let demoCases: [DemoCase] = [
        // Where four pieces meet: EPSG:4326 on the left, UTM 11N in the centre column.
        DemoCase(longitude: -119.605, latitude: 37.963, zoom: 8),
        DemoCase(longitude: -119.605, latitude: 37.963, zoom: 10),
        DemoCase(longitude: -119.605, latitude: 37.963, zoom: 12),
        // UTM 11N against the EPSG:3857 piece.
        DemoCase(longitude: -118.455, latitude: 37.298, zoom: 11),
        DemoCase(longitude: -118.455, latitude: 37.298, zoom: 9, tileSize: 512),
        // The mosaic's edge, and most of it in one tile.
        DemoCase(longitude: -117.35, latitude: 36.70, zoom: 10),
        DemoCase(longitude: -119.03, latitude: 37.63, zoom: 7),
    ]

    static func demoMosaic(method: MosaicMethod = .first) throws -> (MosaicSource, String) {
        let directory = try MosaicFixtures.demo.get()
        let data = try DataDirectory(directory)
        let mosaic = try MosaicSource(
            paths: ["srtm-mosaic/*.tif"], bands: [1], options: MosaicOptions(method: method), dataDirectory: data,
            confinement: data.confinement, readers: TileReaderCache(), errorThreshold: 0.125)
        return (mosaic, directory)
    }

    @Test(arguments: demoCases)
    func firstMatchesGdalwarpOverPiecesInThreeCRSs(_ reference: DemoCase) throws {
        let (mosaic, directory) = try Self.demoMosaic()
        #expect(mosaic.members.count == 9)
        let crss = Set(
            mosaic.descriptions.map {
                $0.crsWKT.contains("UTM zone 11N") ? "utm" : $0.crsWKT.contains("Pseudo-Mercator") ? "3857" : "4326"
            })
        #expect(crss == ["utm", "3857", "4326"])
        let window = try reference.window
        let tile = try mosaic.read(window, resampling: .bilinear)
        // gdalwarp lets later files overwrite earlier ones: give it the files last first, so the
        // first in path order wins, as `mosaic: first` does.
        let files = mosaic.files(touching: window.bounds).reversed().map { directory + "/" + mosaic.members[$0].name }
        #expect(!files.isEmpty)
        let expected = try GDALTool.warp(files, window, resampling: "bilinear")
        let agreement = Agreement(tile, expected, tolerance: 0.01)
        #expect(agreement.fraction >= 0.999, "\(agreement) over \(files.count) files")
        #expect(agreement.validPixels > 0, "the reference tile has no data: a poor test")
    }

    @Test func seamTilesReadFilesInSeveralCRSs() throws {
        let (mosaic, _) = try Self.demoMosaic()
        let window = try Self.demoCases[1].window
        let touched = mosaic.files(touching: window.bounds).map { mosaic.descriptions[$0].crsWKT }
        #expect(Set(touched).count >= 2, "the seam tile should read pieces in two CRSs")
    }

    @Test func aTileInsideOnePieceIsThatPiecesOwnRead() throws {
        let (mosaic, directory) = try Self.demoMosaic()
        let window = RasterWindow(
            tile: try WebMercatorQuad.tile(containingLongitude: -119.03, latitude: 37.63, zoom: 13))
        let touched = mosaic.files(touching: window.bounds)
        #expect(touched.map { mosaic.members[$0].name } == ["srtm-mosaic/srtm_r1_c1.tif"])
        let tile = try mosaic.read(window, resampling: .bilinear)
        let piece = try TileReader(path: directory + "/srtm-mosaic/srtm_r1_c1.tif", errorThreshold: 0.125)
        let alone = try piece.read(window, bands: [1], resampling: .bilinear)
        #expect(tile.validFraction == 1)
        #expect(tile.values == alone.values, "the same pixels, bit for bit")
        #expect(mosaic.fileReads == 1)
    }

    /// Tiles over the three overlapping rasters of the stack fixture.
    static let stackWindows: [(longitude: Double, latitude: Double, zoom: Int)] = [
        (-119.26, 37.66, 9), (-119.26, 37.66, 10), (-119.10, 37.60, 12),
    ]

    @Test(arguments: MosaicMethod.allCases)
    func everyMethodMatchesPerFileGdalwarpCombined(_ method: MosaicMethod) throws {
        let directory = try MosaicFixtures.stack.get()
        let data = try DataDirectory(directory)
        let mosaic = try MosaicSource(
            paths: ["c.tif", "a.tif", "b.tif"], bands: [1], options: MosaicOptions(method: method),
            dataDirectory: data, confinement: data.confinement, readers: TileReaderCache(), errorThreshold: 0.125)
        #expect(mosaic.members.map(\.name) == ["a.tif", "b.tif", "c.tif"], "files composite in sorted path order")
        for place in Self.stackWindows {
            let window = RasterWindow(
                tile: try WebMercatorQuad.tile(
                    containingLongitude: place.longitude, latitude: place.latitude, zoom: place.zoom))
            let tile = try mosaic.read(window, resampling: .bilinear)
            let files = try ["a.tif", "b.tif", "c.tif"].map {
                try GDALTool.warp(directory + "/" + $0, window, resampling: "bilinear")
            }
            let expected = Self.combine(files, method)
            let agreement = Agreement(tile, expected, tolerance: method == .mean ? 0.05 : 0.01)
            #expect(agreement.fraction >= 0.999, "\(method) z\(place.zoom): \(agreement)")
            // Overlaps are really combined: at least two files valid somewhere.
            let overlapping = (0..<window.width * window.height).contains { pixel in
                files.filter { $0.values[pixel].isFinite }.count >= 2
            }
            #expect(overlapping, "the window should hold overlapping files")
        }
    }

    /// The reference composite: each method written out plainly over per-file warps.
    static func combine(_ files: [GeoTensor], _ method: MosaicMethod) -> GeoTensor {
        let first = files[0]
        let values = (0..<first.pixelCount).map { pixel -> Float in
            let valid = files.map { $0.values[pixel] }.filter(\.isFinite)
            guard !valid.isEmpty else { return .nan }
            switch method {
            case .first: return valid.first!
            case .last: return valid.last!
            case .highest: return valid.max()!
            case .lowest: return valid.min()!
            case .mean: return Float(valid.map(Double.init).reduce(0, +) / Double(valid.count))
            case .count: return Float(valid.count)
            }
        }
        return GeoTensor(bands: 1, height: first.height, width: first.width, values: values, transform: first.transform)
    }

    @Test func tooManyFilesReadTheOverviewOrAreRefused() throws {
        let directory = try MosaicFixtures.stack.get()
        let data = try DataDirectory(directory)
        let window = RasterWindow(
            tile: try WebMercatorQuad.tile(containingLongitude: -119.26, latitude: 37.66, zoom: 9))
        let area = window.bounds
        let bounded = try MosaicSource(
            paths: ["a.tif", "b.tif", "c.tif"], bands: [1], options: MosaicOptions(maxFilesPerTile: 2),
            dataDirectory: data, confinement: data.confinement, readers: TileReaderCache(), errorThreshold: 0.125)
        #expect(bounded.coverage(of: area, reading: area) == .tooManyFiles(3))
        #expect(throws: GDALError.self) { try bounded.read(window, resampling: .bilinear) }
        #expect(bounded.fileReads == 0, "a refused window reads no file")
        // A tile over two of the files is still read from them.
        let small = RasterWindow(
            tile: try WebMercatorQuad.tile(containingLongitude: -119.70, latitude: 38.10, zoom: 12))
        #expect(bounded.coverage(of: small.bounds, reading: small.bounds) == .data)

        let withOverview = try MosaicSource(
            paths: ["*.tif"], bands: [1], options: MosaicOptions(maxFilesPerTile: 2, overview: "overview.tif"),
            dataDirectory: data, confinement: data.confinement, readers: TileReaderCache(), errorThreshold: 0.125)
        #expect(withOverview.members.map(\.name) == ["a.tif", "b.tif", "c.tif"], "the overview is no member")
        #expect(withOverview.coverage(of: area, reading: area) == .data)
        let tile = try withOverview.read(window, resampling: .bilinear)
        let expected = try GDALTool.warp(directory + "/overview.tif", window, resampling: "bilinear")
        let agreement = Agreement(tile, expected, tolerance: 0.01)
        #expect(agreement.fraction >= 0.999 && agreement.validPixels > 0, "\(agreement)")
        #expect(withOverview.fileReads == 0, "the overview is read instead of the files")
        #expect(withOverview.stamps.map(\.name).contains("overview.tif"))
    }
}

/// `geotoolz mosaic overview`'s writer: the overview holds exactly what the mosaic reads.
@Suite struct MosaicOverviewTests {
    @Test func theOverviewHoldsTheMosaicReadOnItsGrid() throws {
        let (mosaic, _) = try MosaicReadTests.demoMosaic()
        let output = DerivedData.directory + "/overview-\(UUID().uuidString).tif"
        defer { try? FileManager.default.removeItem(atPath: output) }
        // Small chunks would hide nothing: 700 px takes 4 chunks of up to 512.
        let overview = MosaicOverview(longSide: 700, resampling: .average)
        try overview.write(mosaic, to: output)
        let written = try GDALTool.read(output)
        let window = try overview.window(of: mosaic)
        #expect(written.width == window.width && written.height == window.height && window.width == 700)
        // Each 512-pixel chunk is one read of the mosaic, exactly.
        for (left, top) in [(0, 0), (512, 0), (512, 512)] where top < window.height {
            let part = MosaicOverview.part(of: window, left: left, top: top)
            let read = try mosaic.readAll(part, resampling: .average)
            var chunk = [Float]()
            for row in top..<(top + part.height) {
                chunk += written.values[(row * written.width + left)..<(row * written.width + left + part.width)]
            }
            let stored = GeoTensor(bands: 1, height: part.height, width: part.width, values: chunk)
            let agreement = Agreement(stored, read)
            #expect(agreement.fraction == 1, "chunk at \(left), \(top): \(agreement)")
        }
        // One read of the whole grid differs only by where the warp's linear approximation of the
        // reprojection (gdalwarp's -et 0.125 px) places pixels in rough terrain.
        let whole = Agreement(written, try mosaic.readAll(window, resampling: .average), tolerance: 10)
        #expect(whole.fraction >= 0.999 && whole.validPixels > 100_000, "\(whole)")
        let layout = try GDALTool.output("gdalinfo", [output])
        #expect(layout.contains("LAYOUT=COG") && layout.contains("Pseudo-Mercator"))
    }
}
