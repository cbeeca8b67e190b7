import Foundation
import TestSupport
import Testing

@testable import GeoToolzIO

/// MBTiles archives as SQLite (Python's sqlite3) and GDAL's MBTiles driver read them, and as
/// they survive an interrupted writer.
@Suite struct MBTilesArchiveTests {
    @Test func sqliteAndGDALReadEveryTileAndTheMetadata() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles.mbtiles"
        let tiles = ArchiveFixtures.realTiles
        try ArchiveFixtures.write(tiles, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["tiles.mbtiles"])

        let reference = try ArchiveReference(.mbtiles, path, ["--gdal-tile", "4/7/5"])
        #expect(reference["integrity"] as? String == "ok")
        #expect(reference["journal_mode"] as? String == "delete")
        let objects = reference.dictionary("objects")
        #expect(objects["map"] as? String == "table")
        #expect(objects["images"] as? String == "table")
        #expect(objects["tiles"] as? String == "view")
        #expect(objects["metadata"] as? String == "table")
        #expect(reference["map_has_unique_index"] as? Bool == true)
        #expect(reference.tiles == ArchiveFixtures.digests(tiles))
        // The 16 sea tiles share one image.
        #expect(reference.int("map_rows") == tiles.count)
        #expect(reference.int("image_rows") == Set(tiles.values).count)
        #expect(reference.int("image_rows") == tiles.count - 15)
        #expect(reference.int("distinct_images") == reference.int("image_rows"))

        let bounds = ArchiveFixtures.realBounds
        let metadata = reference.dictionary("metadata") as? [String: String]
        #expect(
            metadata == [
                "name": "Test tiles", "description": "Gradients over sea", "attribution": "© GeoToolz tests",
                "format": "png", "bounds": "\(bounds.west),\(bounds.south),\(bounds.east),\(bounds.north)",
                "center": "-22.5,40.25,3", "minzoom": "2", "maxzoom": "4", "type": "baselayer", "version": "1.0.0",
                "geotoolz:config_hash": "abc123",
            ])

        // GDAL: the bounds at zoom 4 are 4×4 tiles, in EPSG:3857, RGBA, and the pixels of 4/7/5
        // are those of the PNG stored for it.
        let gdal = reference.dictionary("gdal")
        #expect(gdal["driver"] as? String == "MBTiles")
        #expect(gdal["width"] as? Int == 4 * 256)
        #expect(gdal["height"] as? Int == 4 * 256)
        #expect(gdal["bands"] as? Int == 4)
        #expect(gdal["srs_epsg"] as? String == "3857")
        let transform = try #require(gdal["geotransform"] as? [Double])
        let pixel = 2 * WebMercatorQuad.halfWorld / Double(256 << 4)
        #expect(abs(transform[1] - pixel) < 1e-6 && abs(transform[5] + pixel) < 1e-6)
        #expect(abs(transform[0] - bounds.mercator.minX) < 1e-3 && abs(transform[3] - bounds.mercator.maxY) < 1e-3)
        // 4/7/5 is the second column and row of zoom 4's 6…9 × 4…7.
        #expect(gdal["window"] as? [Int] == [256, 256])
        #expect(gdal["pixels_match"] as? Bool == true)
        #expect(gdal["opaque_pixels"] as? Int == 65536)
    }

    @Test func theReaderReturnsWhatWasWritten() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles.mbtiles"
        let tiles = ArchiveFixtures.realTiles
        try ArchiveFixtures.write(tiles, to: path)
        let reader = try TileArchiveReader.open(path: path)
        #expect(reader.metadata == ArchiveFixtures.metadata())
        for (tile, bytes) in tiles { #expect(try reader.tile(tile) == bytes, "\(tile)") }
        #expect(try reader.tile(TileID(zoom: 4, x: 0, y: 0)) == nil)
        #expect(try reader.tile(TileID(zoom: 12, x: 5, y: 5)) == nil)
        #expect(try ArchiveFixtures.walked(path) == ArchiveFixtures.digests(tiles))
    }

    /// A kill leaves the database and its log as they were on disk; copying both while the
    /// writer is open takes exactly that state. Committed batches survive, and a log torn in its
    /// last frame loses only that frame's batch.
    @Test func resumeRecoversTheCommittedBatchesOfAKilledWriter() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let tiles = ArchiveFixtures.syntheticTiles(count: 1000, zoom: 6)
        let order = tiles.keys.sorted { ($0.zoom, $0.x, $0.y) < ($1.zoom, $1.x, $1.y) }
        let path = directory + "/run.mbtiles"
        let writer = try TileArchiveWriter.open(path: path, mode: .create)
        for tile in order.prefix(700) { try writer.write(tile, tiles[tile]!) }

        let killed = directory + "/killed.mbtiles"
        let torn = directory + "/torn.mbtiles"
        for file in [".part", ".part-wal"] {
            try FileManager.default.copyItem(atPath: path + file, toPath: killed + file)
            try FileManager.default.copyItem(atPath: path + file, toPath: torn + file)
        }
        writer.discard()
        #expect(!FileManager.default.fileExists(atPath: path + ".part"))

        let resumed = try TileArchiveWriter.open(path: killed, mode: .resume)
        // Batches of 64 (or a second's worth) are committed; at most one batch is lost.
        #expect(resumed.tileCount > 700 - MBTilesWriter.batchSize && resumed.tileCount <= 700)
        let kept = order.prefix(700).filter { resumed.contains($0) }
        #expect(kept.count == resumed.tileCount)
        #expect(Array(order.prefix(kept.count)) == kept, "the tiles kept are the first ones written")
        for tile in order where !resumed.contains(tile) { try resumed.write(tile, tiles[tile]!) }
        try resumed.finish(ArchiveFixtures.metadata())
        #expect(!FileManager.default.fileExists(atPath: killed + ".part"))
        #expect(!FileManager.default.fileExists(atPath: killed + ".part-wal"))
        #expect(try ArchiveReference(.mbtiles, killed).tiles == ArchiveFixtures.digests(tiles))

        // A log cut in the middle of its last frame.
        let log = try FileHandle(forUpdating: URL(fileURLWithPath: torn + ".part-wal"))
        let size = try log.seekToEnd()
        try log.truncate(atOffset: size - 1500)
        try log.close()
        let fromTorn = try TileArchiveWriter.open(path: torn, mode: .resume)
        #expect(fromTorn.tileCount <= resumed.tileCount && fromTorn.tileCount >= 700 - 3 * MBTilesWriter.batchSize)
        for tile in order where !fromTorn.contains(tile) { try fromTorn.write(tile, tiles[tile]!) }
        try fromTorn.finish(ArchiveFixtures.metadata())
        #expect(try ArchiveReference(.mbtiles, torn).tiles == ArchiveFixtures.digests(tiles))
    }

    /// Dropping a writer without `finish` leaves its partial state for `.resume`.
    @Test func aDroppedWriterIsResumed() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let tiles = ArchiveFixtures.realTiles
        let path = directory + "/tiles.mbtiles"
        do {
            let writer = try TileArchiveWriter.open(path: path, mode: .create)
            for (tile, bytes) in tiles { try writer.write(tile, bytes) }
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let writer = try TileArchiveWriter.open(path: path, mode: .resume)
        // Closing commits nothing of the open batch: the tiles of whole batches are there.
        #expect(writer.tileCount == tiles.count / MBTilesWriter.batchSize * MBTilesWriter.batchSize)
        for (tile, bytes) in tiles where !writer.contains(tile) { try writer.write(tile, bytes) }
        try writer.finish(ArchiveFixtures.metadata())
        #expect(try ArchiveFixtures.walked(path) == ArchiveFixtures.digests(tiles))
    }

    @Test func manyThreadsWriteAndReadAtOnce() throws {
        try ArchiveConcurrency.check(format: .mbtiles)
    }

    @Test func existingArchivesAndStalePartialStateAreHandled() throws {
        try ArchiveLifecycle.check(format: .mbtiles)
    }
}
