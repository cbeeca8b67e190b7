import Foundation
import GeoToolz
import TestSupport
import Testing

@testable import GeoToolzIO

/// Mosaics as layer files name them: the source forms, the mosaic fields, bounds, zooms and the
/// files a layer watches.
@Suite struct MosaicLayerTests {
    static let pipeline = "pipeline: {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}"

    static func load(_ yaml: String, data: String) throws -> Layer {
        let directory = try temporaryDirectory("mosaic-layers")
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let file = directory + "/test.yaml"
        try yaml.write(toFile: file, atomically: true, encoding: .utf8)
        return try LayerCatalog.loadLayer(file: file, dataDirectory: DataDirectory(data))
    }

    @Test func globListAndDirectoryNameTheSameFiles() throws {
        let data = try MosaicFixtures.demo.get()
        let glob = try Self.load("source: srtm-mosaic/*.tif\nminzoom: 6\n\(Self.pipeline)", data: data)
        let directory = try Self.load("source: srtm-mosaic\nminzoom: 6\n\(Self.pipeline)", data: data)
        let deep = try Self.load("source: '**/srtm_r*.tif'\nminzoom: 6\n\(Self.pipeline)", data: data)
        let names = (0..<3).flatMap { row in (0..<3).map { "srtm-mosaic/srtm_r\(row)_c\($0).tif" } }
        let list = try Self.load(
            "source: [\(names.reversed().joined(separator: ", "))]\nminzoom: 6\n\(Self.pipeline)", data: data)
        for layer in [glob, directory, deep, list] {
            #expect(layer.mosaics.first?.members.map(\.name) == names)
            #expect(layer.fileStamps.map(\.name).filter { $0.hasSuffix(".tif") } == names)
        }
        #expect(glob.dataIdentity == list.dataIdentity, "the same files are the same data")
        #expect(glob.configHash != list.configHash, "the source as written is part of the config")
        // The union of the pieces is SRTM's footprint.
        let srtm = try TileReader(path: try SampleData.srtm)
        // (The UTM pieces' boxes, back in longitude/latitude, reach a little beyond.)
        #expect(abs(glob.bounds.west - srtm.info.geographicBounds.west) < 0.01)
        #expect(abs(glob.bounds.north - srtm.info.geographicBounds.north) < 0.05)
    }

    @Test func mosaicFieldsAreReadAndChecked() throws {
        let data = try MosaicFixtures.stack.get()
        let layer = try Self.load(
            """
            source: [a.tif, b.tif, c.tif]
            mosaic: count
            max_files_per_tile: 7
            minzoom: 3
            pipeline: {_target_: Colormap, name: gray, vmin: 0, vmax: 3}
            """, data: data)
        let mosaic = try #require(layer.mosaics.first)
        #expect(mosaic.options == MosaicOptions(method: .count, maxFilesPerTile: 7))
        #expect(mosaic.outputBands == 1)
        for (yaml, path) in [
            ("source: [a.tif]\nmosaic: median", "layer.mosaic"),
            ("source: a.tif\nmax_files_per_tile: 0", "layer.max_files_per_tile"),
            ("source: [a.tif, 3]", "layer.source[1]"),
            ("source: missing/*.tif", "layer.source"),
            ("source: '../*.tif'", "layer.source"),
            ("source: [a.tif, b.tif]\noverview: nowhere.tif", "layer.source"),
        ] {
            let error = try #require(throws: ConfigError.self) {
                try Self.load(yaml + "\n" + Self.pipeline, data: data)
            }
            #expect(error.description.contains(path), "\(yaml): \(error)")
        }
    }

    @Test func sourcesEntriesMayBeMosaicsWithTheirOwnMethod() throws {
        let data = try MosaicFixtures.stack.get()
        let layer = try Self.load(
            """
            sources:
              high: {path: [a.tif, b.tif], mosaic: highest}
              low: {path: '[ab].tif', mosaic: lowest}
            pipeline:
              _target_: Graph
              inputs: [high, low]
              nodes:
                - {name: both, op: {_target_: Stack}, inputs: [high, low]}
                - {name: grey, op: {_target_: SelectBands, bands: [1]}, inputs: [both]}
              outputs: {out: grey}
            """, data: data)
        #expect(layer.mosaics.map(\.options.method) == [.highest, .lowest])
        let window = RasterWindow(
            tile: try WebMercatorQuad.tile(containingLongitude: -119.26, latitude: 37.66, zoom: 11))
        let read = try layer.read(window)
        let higher = zip(read[0].values, read[1].values).filter { $0.isFinite && $1.isFinite && $0 > $1 + 100 }.count
        #expect(higher > 1000, "where the shifted file overlaps, the highest is well above the lowest")
    }

    @Test func tilesOverTooManyFilesAreOutsideWithTheReason() throws {
        let data = try MosaicFixtures.stack.get()
        let layer = try Self.load(
            "source: [a.tif, b.tif, c.tif]\nmax_files_per_tile: 2\nminzoom: 0\n\(Self.pipeline)", data: data)
        let crowded = try WebMercatorQuad.tile(containingLongitude: -119.26, latitude: 37.66, zoom: 9)
        #expect(layer.coverage(of: crowded) == .tooManyFiles(3))
        #expect(!layer.intersects(crowded))
        let far = try WebMercatorQuad.tile(containingLongitude: 10, latitude: 50, zoom: 9)
        #expect(layer.coverage(of: far) == .outside)
        // Between the files' footprints but inside the box around them: the index says outside.
        let gap = try WebMercatorQuad.tile(containingLongitude: -118.80, latitude: 38.10, zoom: 13)
        #expect(layer.mercatorBounds.intersects(WebMercatorQuad.bounds(of: gap)))
        #expect(layer.coverage(of: gap) == .outside)
    }

    @Test func withoutMinzoomAMosaicStartsWhereTilesNeedFewEnoughFiles() throws {
        let data = try MosaicFixtures.demo.get()
        let layer = try Self.load("source: srtm-mosaic\nmax_files_per_tile: 4\n\(Self.pipeline)", data: data)
        let footprints = layer.mosaics[0].descriptions.map(\.mercatorBounds)
        func worst(_ zoom: Int) throws -> Int {
            let tiles = try #require(WebMercatorQuad.tiles(covering: layer.mercatorBounds, zoom: zoom))
            var most = 0
            for x in tiles.x {
                for y in tiles.y {
                    let bounds = WebMercatorQuad.bounds(of: try TileID(zoom: zoom, x: x, y: y))
                    most = max(most, footprints.filter { $0.intersects(bounds) }.count)
                }
            }
            return most
        }
        #expect((3...12).contains(layer.minZoom), "minzoom \(layer.minZoom)")
        #expect(try worst(layer.minZoom) <= 4 && worst(layer.minZoom - 1) > 4)
        // A minzoom written is kept.
        let written = try Self.load(
            "source: srtm-mosaic\nmax_files_per_tile: 4\nminzoom: 2\n\(Self.pipeline)", data: data)
        #expect(written.minZoom == 2)
    }

    @Test func aDerivedLayerReadsThroughTheSameMosaic() throws {
        let data = try MosaicFixtures.demo.get()
        let layer = try Self.load("source: srtm-mosaic/*.tif\nminzoom: 6\n\(Self.pipeline)", data: data)
        let gray = try PipelineLoader(registry: .standard).load(
            text: "{_target_: Colormap, name: gray, vmin: 0, vmax: 4400}")
        let derived = try layer.derived { definition in definition.pipeline = gray }
        #expect(derived.mosaics[0] === layer.mosaics[0], "nothing is listed or opened again")
        #expect(derived.dataIdentity == layer.dataIdentity && derived.configHash != layer.configHash)
    }

    @Test func filesAddedToAGlobArePickedUpOnReload() throws {
        let data = try temporaryDirectory("mosaic-reload")
        defer { try? FileManager.default.removeItem(atPath: data) }
        let stack = try MosaicFixtures.stack.get()
        try FileManager.default.createDirectory(atPath: data + "/dem", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: stack + "/a.tif", toPath: data + "/dem/a.tif")
        let yaml = "source: dem\nminzoom: 8\n\(Self.pipeline)"
        let before = try Self.load(yaml, data: data)
        #expect(before.mosaics[0].members.map(\.name) == ["dem/a.tif"])
        try FileManager.default.copyItem(atPath: stack + "/b.tif", toPath: data + "/dem/b.tif")
        let after = try Self.load(yaml, data: data)
        #expect(after.mosaics[0].members.map(\.name) == ["dem/a.tif", "dem/b.tif"])
        #expect(after.dataIdentity != before.dataIdentity)
        // The watch sees the directory change, so the server loads the layer again by itself.
        #expect(before.sourceFilesChanged() && before.fileStamps.map(\.name).contains("dem/"))
        #expect(!after.sourceFilesChanged())
        // A member rewritten is seen by the watch, like a single file.
        try FileManager.default.removeItem(atPath: data + "/dem/a.tif")
        #expect(after.sourceFilesChanged())
    }
}
