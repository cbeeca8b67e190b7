import CGDAL
import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// One tile to compare with gdalwarp.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    enum Source: String, Sendable {
        /// SRTM, EPSG:4326, Int16, three overview levels.
        case srtm
        /// SRTM in UTM 11N with nodata -32768 around it: projected and nodata.
        case utm
        /// Landsat, EPSG:4326, 7 bands of bytes.
        case landsat
        /// SRTM in UTM 11N whose second band is alpha: a masked source.
        case alpha
    }

    let source: Source
    let longitude: Double
    let latitude: Double
    let zoom: Int
    var bands: [Int] = [1]
    var tileSize = 256
    /// Whether the tile sits on the raster's edge, so it must hold valid and invalid pixels.
    var edge = false

    var testDescription: String {
        "\(source) z\(zoom) at \(longitude), \(latitude)\(tileSize == 256 ? "" : " @\(tileSize)px") bands \(bands)"
    }

    func path() throws -> String {
        switch source {
        case .srtm: try SampleData.srtm
        case .landsat: try SampleData.landsat
        case .utm: try DerivedData.utmSRTM.get()
        case .alpha: try DerivedData.alphaSRTM.get()
        }
    }

    func window() throws -> RasterWindow {
        let tile = try WebMercatorQuad.tile(containingLongitude: longitude, latitude: latitude, zoom: zoom)
        return RasterWindow(tile: tile, tileSize: tileSize)
    }
}

@Suite struct TileReaderTests {
    static let sierra = (longitude: -119.03, latitude: 37.63)
    static let sierraNorthWest = (longitude: -120.7559, latitude: 38.6269)
    static let sierraSouthEast = (longitude: -117.3046, latitude: 36.6341)
    static let saltLake = (longitude: -112.7084, latitude: 40.8058)
    static let saltLakeNorthWest = (longitude: -112.909, latitude: 41.0055)

    static let nearestCases: [ReferenceCase] = [
        // EPSG:4326 source at a low zoom (third overview), a middle one (first overview), a high one.
        ReferenceCase(source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 6, edge: true),
        ReferenceCase(source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 9),
        ReferenceCase(source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 12),
        ReferenceCase(
            source: .srtm, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 8, edge: true
        ),
        ReferenceCase(
            source: .srtm, longitude: sierraSouthEast.longitude, latitude: sierraSouthEast.latitude, zoom: 13,
            edge: true),
        // Projected source with a nodata value.
        ReferenceCase(source: .utm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 7, edge: true),
        ReferenceCase(source: .utm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 9),
        ReferenceCase(source: .utm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 12),
        ReferenceCase(
            source: .utm, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 10,
            edge: true),
        // A source masked by an alpha band.
        ReferenceCase(source: .alpha, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 7, edge: true),
        ReferenceCase(
            source: .alpha, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 11,
            edge: true),
        // Several bands at once.
        ReferenceCase(
            source: .landsat, longitude: saltLake.longitude, latitude: saltLake.latitude, zoom: 9, bands: [3, 2, 1],
            edge: true),
        ReferenceCase(
            source: .landsat, longitude: saltLake.longitude, latitude: saltLake.latitude, zoom: 11, bands: [3, 2, 1]),
        ReferenceCase(
            source: .landsat, longitude: saltLake.longitude, latitude: saltLake.latitude, zoom: 14, bands: [4, 3]),
        ReferenceCase(
            source: .landsat, longitude: saltLakeNorthWest.longitude, latitude: saltLakeNorthWest.latitude,
            zoom: 12, bands: [3, 2, 1], edge: true),
        // 512-pixel (@2x) tiles.
        ReferenceCase(
            source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 10, tileSize: 512),
        ReferenceCase(
            source: .utm, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 9,
            tileSize: 512, edge: true),
    ]

    @Test(arguments: nearestCases)
    func nearestMatchesGdalwarp(_ reference: ReferenceCase) throws {
        let path = try reference.path()
        let window = try reference.window()
        // Confined to the raster's directory: every handle, overviews included, opens through the checks.
        let directory = try DataDirectory((path as NSString).deletingLastPathComponent)
        let reader = try TileReader(path: path, confinement: directory.confinement)
        let tile = try reader.read(window, bands: reference.bands)
        let expected = try GDALTool.warp(path, window, bands: reference.bands)
        #expect(tile.bands == reference.bands.count && tile.width == reference.tileSize)
        #expect(tile.crs == "EPSG:3857" && tile.transform == window.transform)
        let agreement = Agreement(tile, expected)
        #expect(agreement.fraction >= 0.999, "\(agreement)")
        #expect(agreement.validPixels > 0, "the reference tile has no data: a poor test")
        if reference.edge {
            #expect(agreement.invalidPixels > 0, "an edge tile should hold pixels without data")
        }
    }

    /// One reader keeps its warp state (for a reprojected source, the warp operation itself) from
    /// tile to tile: tiles read in turn through it, over several zooms, overview levels, edges
    /// and both kernels, each still match gdalwarp run on that tile alone.
    ///
    /// The same with GDAL told to warp on several threads (on this thread only), which reads
    /// leave aside.
    @Test(arguments: [nil, "4"])
    func tilesReadInTurnByOneReaderMatchGdalwarp(gdalThreads: String?) throws {
        CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", gdalThreads)
        defer { CPLSetThreadLocalConfigOption("GDAL_NUM_THREADS", nil) }
        let path = try DerivedData.utmSRTM.get()
        let reader = try TileReader(path: path)
        let places = [
            (Self.sierra, 12), (Self.sierra, 9), (Self.sierraNorthWest, 10), (Self.sierra, 13),
            (Self.sierraSouthEast, 11),
            (Self.sierra, 12),
        ]
        for resampling in [Resampling.nearest, .bilinear] {
            for (place, zoom) in places {
                let tile = try WebMercatorQuad.tile(
                    containingLongitude: place.longitude, latitude: place.latitude, zoom: zoom)
                let window = RasterWindow(tile: tile)
                let read = try reader.read(window, resampling: resampling)
                let expected = try GDALTool.warp(
                    path, window, resampling: resampling == .nearest ? "near" : resampling.rawValue)
                let agreement = Agreement(read, expected, tolerance: 1e-3)
                #expect(agreement.fraction >= 0.999, "\(resampling) z\(zoom) \(tile): \(agreement)")
                #expect(agreement.validPixels > 0, "\(tile) has no data: a poor test")
            }
        }
    }

    @Test func comparisonDiscriminatesTiles() throws {
        // The reference of the neighbouring tile must not match: the agreement measure can fail.
        let path = try SampleData.srtm
        let tile = try WebMercatorQuad.tile(
            containingLongitude: Self.sierra.longitude, latitude: Self.sierra.latitude, zoom: 11)
        let neighbour = try TileID(zoom: 11, x: tile.x + 1, y: tile.y)
        let read = try TileReader(path: path).read(tile: tile)
        let other = try GDALTool.warp(path, RasterWindow(tile: neighbour))
        #expect(Agreement(read, other).fraction < 0.1)
    }

    static let resamplingCases: [ReferenceCase] = [
        ReferenceCase(source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 12),
        ReferenceCase(source: .srtm, longitude: sierra.longitude, latitude: sierra.latitude, zoom: 8, edge: true),
        ReferenceCase(
            source: .srtm, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 11,
            edge: true),
        ReferenceCase(
            source: .utm, longitude: sierraNorthWest.longitude, latitude: sierraNorthWest.latitude, zoom: 10,
            edge: true),
    ]

    @Test(arguments: [Resampling.bilinear, .cubic, .average, .mode], resamplingCases)
    func resamplingMatchesGdalwarp(_ resampling: Resampling, _ reference: ReferenceCase) throws {
        let path = try reference.path()
        let window = try reference.window()
        let read = try TileReader(path: path).read(window, resampling: resampling)
        let name = resampling == .median ? "med" : resampling.rawValue
        let expected = try GDALTool.warp(path, window, resampling: name)
        let agreement = Agreement(read, expected, tolerance: 1e-3)
        #expect(agreement.fraction >= 0.999, "\(agreement)")
        if reference.edge { #expect(agreement.invalidPixels > 0 && agreement.validPixels > 0, "\(agreement)") }
        if resampling != .mode {
            // Interpolation produces values the source does not hold: the kernel really ran.
            #expect(read.values.contains { $0.isFinite && $0 != $0.rounded() })
        }
    }

    @Test func describesTheSource() throws {
        let srtm = try TileReader(path: try SampleData.srtm).info
        #expect(srtm.width == 4269 && srtm.height == 2465 && srtm.bandCount == 1)
        #expect(srtm.overviewWidths == [2135, 1068, 534])
        #expect(srtm.noData == [nil] && srtm.alphaBand == nil)
        let geo = srtm.geographicBounds
        #expect(abs(geo.west + 120.755_927) < 1e-5 && abs(geo.north - 38.626_923) < 1e-5)
        #expect(abs(geo.east + 117.304_510) < 1e-5 && abs(geo.south - 36.634_011) < 1e-5)
        let utm = try TileReader(path: try DerivedData.utmSRTM.get()).info
        #expect(utm.noData == [-32768])
        #expect(utm.crsWKT.contains("UTM zone 11N"))
        let alpha = try TileReader(path: try DerivedData.alphaSRTM.get()).info
        #expect(alpha.bandCount == 2 && alpha.alphaBand == 2 && alpha.dataBands == [1])
        let landsat = try TileReader(path: try SampleData.landsat).info
        #expect(landsat.dataBands == Array(1...7))
    }

    @Test func tilesOutsideAreKnownWithoutReading() throws {
        let reader = try TileReader(path: try SampleData.srtm)
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 8)
        #expect(!reader.covers(WebMercatorQuad.bounds(of: far)))
        let inside = try WebMercatorQuad.tile(
            containingLongitude: Self.sierra.longitude, latitude: Self.sierra.latitude, zoom: 8)
        #expect(reader.covers(WebMercatorQuad.bounds(of: inside)))
        // Reading one anyway gives an all-nodata tile, not an error.
        let empty = try reader.read(tile: far)
        #expect(empty.values.allSatisfy { $0.isNaN })
    }

    @Test func concurrentReadsMatchSequentialReads() throws {
        let reader = try TileReader(path: try SampleData.landsat)
        let tiles = try (0..<8).map { index in
            try TileID(zoom: 13, x: 1482 + index % 4, y: 3079 + index / 4)
        }
        let sequential = try tiles.map { try reader.read(tile: $0, bands: [3, 2, 1]) }
        #expect(reader.idleWarperCount == 1, "sequential reads reuse one set of handles")
        let results = Results(count: 4 * tiles.count)
        DispatchQueue.concurrentPerform(iterations: 4 * tiles.count) { index in
            results.store(index, Result { try reader.read(tile: tiles[index % tiles.count], bands: [3, 2, 1]) })
        }
        for index in 0..<(4 * tiles.count) {
            #expect(try results.value(index).get() == sequential[index % tiles.count])
        }
        #expect((1...ProcessInfo.processInfo.activeProcessorCount + 1).contains(reader.idleWarperCount))
    }

    @Test func handlesForEveryRenderThreadAreReadyBeforeTheFirstRead() throws {
        let reader = try TileReader(path: try SampleData.landsat, handles: 3)
        #expect(reader.idleWarperCount == 3)
        let tile = try TileID(zoom: 11, x: 370, y: 770)
        let first = try reader.read(tile: tile, bands: [4, 3])
        #expect(reader.idleWarperCount == 3, "a read takes a ready set and gives it back")
        #expect(try TileReader(path: try SampleData.landsat).read(tile: tile, bands: [4, 3]) == first)
    }

    @Test func refusesMissingBandsAndFiles() throws {
        let reader = try TileReader(path: try SampleData.srtm)
        let tile = try TileID(zoom: 9, x: 86, y: 198)
        #expect { try reader.read(tile: tile, bands: [2]) } throws: { error in
            "\(error)".contains("band 2 does not exist")
        }
        #expect(throws: GDALError.self) { try TileReader(path: SampleData.directory + "/no-such-file.tif") }
    }
}

/// Results written by concurrent workers.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Result<GeoTensor, Error>?]

    init(count: Int) {
        values = Array(repeating: nil, count: count)
    }

    func store(_ index: Int, _ value: Result<GeoTensor, Error>) {
        lock.withLock { values[index] = value }
    }

    func value(_ index: Int) -> Result<GeoTensor, Error> {
        lock.withLock { values[index]! }
    }
}
