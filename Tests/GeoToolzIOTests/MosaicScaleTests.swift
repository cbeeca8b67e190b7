import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// A mosaic of 10,000 files: loading is linear and quick, a tile reads only the files it touches,
/// and the open files stay bounded.
@Suite struct MosaicScaleTests {
    @Test func tenThousandFilesLoadAndATileReadsOnlyWhatItTouches() throws {
        let setupStarted = ContinuousClock.now
        let directory = try MosaicFixtures.tenThousand.get()
        let setup = ContinuousClock.now - setupStarted
        let definition = LayerDefinition(
            name: "grid", sources: [LayerSource(paths: ["grid/**/*.tif"], bands: [1], resampling: .nearest)],
            minZoom: 0, maxZoom: 18, pipeline: try Colormap(name: "gray", vmin: 0, vmax: 101))
        let started = ContinuousClock.now
        let layer = try Layer(definition, dataDirectory: DataDirectory(directory))
        let loading = ContinuousClock.now - started
        print("mosaic of 10,000 files: loaded in \(loading) (fixture ready in \(setup))")
        let mosaic = try #require(layer.mosaics.first)
        #expect(mosaic.members.count == 10_000 && mosaic.openFiles == 0)
        #expect(loading < .seconds(60), "loading 10,000 files took \(loading)")
        // The source watcher stats every file each interval (1 s by default).
        let watchStarted = ContinuousClock.now
        #expect(!layer.sourceFilesChanged() && mosaic.stamps.count == 10_000 && mosaic.directoryStamps.count == 101)
        print("one watch pass over 10,000 files: \(ContinuousClock.now - watchStarted)")

        // A zoom-13 tile (about 0.044° a side) over 0.01° files touches a few dozen at most.
        let tile = try WebMercatorQuad.tile(containingLongitude: -119.5, latitude: 37.5, zoom: 13)
        let touched = mosaic.files(touching: RasterWindow(tile: tile).bounds)
        #expect((4...50).contains(touched.count), "\(touched.count) files")
        let brute = mosaic.descriptions.indices.filter {
            mosaic.descriptions[$0].mercatorBounds.intersects(WebMercatorQuad.bounds(of: tile))
        }
        #expect(touched == brute, "the index finds exactly the files a scan finds")
        let readStarted = ContinuousClock.now
        let rendered = try layer.render(tile)
        print("a tile over \(touched.count) of 10,000 files: rendered in \(ContinuousClock.now - readStarted)")
        #expect(rendered.data.count > 0)
        // `first` stops once every pixel is filled; the grid's files do not overlap, so it reads all.
        #expect(mosaic.fileReads == touched.count, "reads \(mosaic.fileReads), touched \(touched.count)")
        let values = try layer.process(RasterWindow(tile: tile))
        #expect(values.validFraction == 1)

        // Many tiles later, at most `mosaicOpenFiles` files are open.
        for x in 0..<6 {
            for y in 0..<6 {
                _ = try layer.render(try TileID(zoom: 13, x: tile.x - 3 + x, y: tile.y - 3 + y))
            }
        }
        #expect(mosaic.openFiles <= LayerOptions().mosaicOpenFiles, "\(mosaic.openFiles) files open")
        // Shallow tiles over thousands of files are refused, without reading.
        let reads = mosaic.fileReads
        let shallow = try WebMercatorQuad.tile(containingLongitude: -119.5, latitude: 37.5, zoom: 6)
        guard case .tooManyFiles(let files) = layer.coverage(of: shallow) else {
            Issue.record("a zoom-6 tile over 10,000 files should be refused")
            return
        }
        #expect(files > MosaicOptions.defaultMaxFilesPerTile)
        #expect(mosaic.fileReads == reads)
    }

    @Test func theIndexAnswersAsAScanDoes() {
        var generator = SystemRandomNumberGenerator()
        let boxes = (0..<3000).map { _ -> MercatorBounds in
            let x = Double.random(in: -1e6...1e6, using: &generator)
            let y = Double.random(in: -1e6...1e6, using: &generator)
            return MercatorBounds(
                minX: x, minY: y, maxX: x + .random(in: 1...50_000, using: &generator),
                maxY: y + .random(in: 1...50_000, using: &generator))
        }
        let index = FootprintIndex(boxes)
        for _ in 0..<200 {
            let x = Double.random(in: -1.1e6...1.1e6, using: &generator)
            let y = Double.random(in: -1.1e6...1.1e6, using: &generator)
            let area = MercatorBounds(minX: x, minY: y, maxX: x + 80_000, maxY: y + 60_000)
            let scan = boxes.indices.filter { boxes[$0].intersects(area) }
            #expect(index.query(area) == scan)
            #expect(index.intersectsAny(area) == !scan.isEmpty)
            #expect(index.count(in: area, upTo: 3) == min(scan.count, 4))
        }
        #expect(FootprintIndex([]).query(WebMercatorQuad.world).isEmpty)
        #expect(FootprintIndex([boxes[0]]).query(boxes[0]) == [0])
    }
}
