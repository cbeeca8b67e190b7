import Foundation
import TestSupport
import Testing

@testable import GeoToolzIO

/// PMTiles archives as the `pmtiles` Python package reads them, and as they survive an
/// interrupted writer.
@Suite struct PMTilesArchiveTests {
    @Test func thePMTilesPackageReadsEveryTileTheHeaderAndTheMetadata() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles.pmtiles"
        let tiles = ArchiveFixtures.realTiles
        try ArchiveFixtures.write(tiles, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["tiles.pmtiles"])

        let reference = try ArchiveReference(.pmtiles, path)
        #expect(reference.tiles == ArchiveFixtures.digests(tiles))
        #expect((reference["lookups_wrong"] as? [String])?.isEmpty == true)
        #expect(reference.int("lookups_checked") == tiles.count)
        let header = reference.dictionary("header")
        #expect(header["tile_type"] as? String == "PNG")
        #expect(header["tile_compression"] as? String == "NONE")
        #expect(header["internal_compression"] as? String == "GZIP")
        #expect(header["clustered"] as? Bool == true)
        #expect(header["min_zoom"] as? Int == 2 && header["max_zoom"] as? Int == 4)
        let bounds = ArchiveFixtures.realBounds
        let e7 = { (degrees: Double) in Int((degrees * 1e7).rounded()) }
        #expect(header["min_lon_e7"] as? Int == e7(bounds.west) && header["max_lon_e7"] as? Int == e7(bounds.east))
        #expect(header["min_lat_e7"] as? Int == e7(bounds.south) && header["max_lat_e7"] as? Int == e7(bounds.north))
        #expect(header["center_zoom"] as? Int == 3)
        #expect(header["center_lon_e7"] as? Int == -225_000_000 && header["center_lat_e7"] as? Int == 402_500_000)
        // The 16 sea tiles of zoom 2 are one blob and one run of 16 entries' worth.
        #expect(header["addressed_tiles_count"] as? Int == tiles.count)
        #expect(header["tile_contents_count"] as? Int == tiles.count - 15)
        #expect(header["tile_entries_count"] as? Int == tiles.count - 15)
        #expect(reference.int("entries") == tiles.count - 15)
        #expect(reference.int("runs_over_one") == 1)
        #expect(reference.int("distinct_blobs") == tiles.count - 15)
        #expect(reference.int("distinct_blob_bytes") == header["tile_data_length"] as? Int)
        #expect(reference["clustered_order"] as? Bool == true)
        #expect(reference.int("leaves") == 0)
        #expect(
            reference.dictionary("metadata") as? [String: String] == [
                "name": "Test tiles", "description": "Gradients over sea", "attribution": "© GeoToolz tests",
                "format": "png", "type": "baselayer", "version": "1.0.0", "geotoolz:config_hash": "abc123",
            ])
    }

    @Test func theReaderReturnsWhatWasWritten() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles.pmtiles"
        let tiles = ArchiveFixtures.realTiles
        try ArchiveFixtures.write(tiles, to: path)
        let reader = try TileArchiveReader.open(path: path)
        var expected = ArchiveFixtures.metadata()
        // The header keeps degrees to 7 decimals.
        let e7 = { (degrees: Double) in (degrees * 1e7).rounded() / 1e7 }
        expected.bounds = GeoBounds(
            west: e7(expected.bounds.west), south: e7(expected.bounds.south), east: e7(expected.bounds.east),
            north: e7(expected.bounds.north))
        #expect(reader.metadata == expected)
        for (tile, bytes) in tiles { #expect(try reader.tile(tile) == bytes, "\(tile)") }
        #expect(try reader.tile(TileID(zoom: 4, x: 0, y: 0)) == nil)
        #expect(try reader.tile(TileID(zoom: 0, x: 0, y: 0)) == nil)
        #expect(try reader.tile(TileID(zoom: 20, x: 5, y: 5)) == nil)
        #expect(try ArchiveFixtures.walked(path) == ArchiveFixtures.digests(tiles))
    }

    /// 25,000 distinct tiles of random lengths: the directory does not fit the first 16 KiB,
    /// so the root points at leaf directories.
    @Test func leafDirectoriesHoldWhatTheRootCannot() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/many.pmtiles"
        let tiles = ArchiveFixtures.syntheticTiles(count: 25_000)
        var metadata = ArchiveFixtures.metadata()
        (metadata.minZoom, metadata.maxZoom) = (9, 9)
        try ArchiveFixtures.write(tiles, to: path, metadata: metadata)

        let reference = try ArchiveReference(.pmtiles, path, ["--lookups", "400"])
        let header = reference.dictionary("header")
        #expect((header["leaf_directory_length"] as? Int ?? 0) > 0)
        #expect((reference.int("leaves") ?? 0) >= 2)
        #expect(reference["root_fits"] as? Bool == true)
        #expect(reference.int("entries") == tiles.count)
        #expect(reference.int("lookups_checked") ?? 0 >= 400)
        #expect((reference["lookups_wrong"] as? [String])?.isEmpty == true)
        #expect(reference.tiles == ArchiveFixtures.digests(tiles))

        let reader = try TileArchiveReader.open(path: path)
        for (tile, bytes) in tiles { #expect(try reader.tile(tile) == bytes, "\(tile)") }
        #expect(try ArchiveFixtures.walked(path) == ArchiveFixtures.digests(tiles))
    }

    /// A kill leaves the spool as written, at worst with a torn last record: resume keeps every
    /// whole record and cuts the torn one off.
    @Test func resumeRecoversEveryWholeRecordOfAKilledWriter() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let tiles = ArchiveFixtures.syntheticTiles(count: 500, zoom: 6)
        let order = tiles.keys.sorted { ($0.zoom, $0.x, $0.y) < ($1.zoom, $1.x, $1.y) }
        let path = directory + "/run.pmtiles"
        let writer = try TileArchiveWriter.open(path: path, mode: .create)
        for tile in order.prefix(300) { try writer.write(tile, tiles[tile]!) }
        let killed = directory + "/killed.pmtiles"
        try FileManager.default.copyItem(atPath: path + ".part", toPath: killed + ".part")
        writer.discard()

        // Every write that returned is in the spool.
        let torn = directory + "/torn.pmtiles"
        try FileManager.default.copyItem(atPath: killed + ".part", toPath: torn + ".part")
        let whole = try TileArchiveWriter.open(path: killed, mode: .resume)
        #expect(whole.tileCount == 300)
        #expect(order.prefix(300).allSatisfy(whole.contains) && !order.dropFirst(300).contains(where: whole.contains))
        withExtendedLifetime(whole) {}

        // The last record cut in its bytes: that tile alone is lost, and the spool is cut back
        // to whole records, so writing on makes no garbage.
        let spool = try FileHandle(forUpdating: URL(fileURLWithPath: torn + ".part"))
        let size = try spool.seekToEnd()
        try spool.truncate(atOffset: size - UInt64(tiles[order[299]]!.count / 2))
        try spool.close()
        let resumed = try TileArchiveWriter.open(path: torn, mode: .resume)
        #expect(resumed.tileCount == 299)
        #expect(!resumed.contains(order[299]) && resumed.contains(order[298]))
        for tile in order where !resumed.contains(tile) { try resumed.write(tile, tiles[tile]!) }
        try resumed.finish(ArchiveFixtures.metadata())
        #expect(!FileManager.default.fileExists(atPath: torn + ".part"))
        #expect(try ArchiveReference(.pmtiles, torn).tiles == ArchiveFixtures.digests(tiles))
    }

    /// Garbage after the last record (a header cut short, a record whose checksum fails) is cut
    /// off; a tile written twice counts by its last record.
    @Test func resumeCutsOffGarbageAndKeepsTheLastOfATileWrittenTwice() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/run.pmtiles"
        let tile = try TileID(zoom: 5, x: 3, y: 4)
        let other = try TileID(zoom: 5, x: 4, y: 4)
        do {
            let writer = try TileArchiveWriter.open(path: path, mode: .create)
            try writer.write(tile, Data("first".utf8))
            try writer.write(other, Data("other".utf8))
            try writer.write(tile, Data("second".utf8))
        }
        let spool = try FileHandle(forUpdating: URL(fileURLWithPath: path + ".part"))
        let size = try spool.seekToEnd()
        // A record of a valid id and length whose checksum is wrong, then half a header.
        var garbage = Data(withUnsafeBytes(of: PMTilesTileID.id(other).littleEndian, Array.init))
        garbage += Data([4, 0, 0, 0, 1, 2, 3, 4]) + Data("evil".utf8) + Data([9, 9, 9])
        try spool.write(contentsOf: garbage)
        try spool.close()

        let writer = try TileArchiveWriter.open(path: path, mode: .resume)
        #expect(writer.tileCount == 2)
        #expect(try FileManager.default.attributesOfItem(atPath: path + ".part")[.size] as? UInt64 == size)
        try writer.finish(ArchiveFixtures.metadata())
        let reader = try TileArchiveReader.open(path: path)
        #expect(try reader.tile(tile) == Data("second".utf8) && reader.tile(other) == Data("other".utf8))
    }

    /// Ids along the Hilbert curve as the specification numbers them, and back.
    @Test func tileIDsFollowTheSpecification() throws {
        let expected: [(Int, Int, Int, UInt64)] = [
            (0, 0, 0, 0), (1, 0, 0, 1), (1, 0, 1, 2), (1, 1, 1, 3), (1, 1, 0, 4), (2, 0, 0, 5), (3, 0, 0, 21),
        ]
        for (zoom, x, y, id) in expected {
            #expect(PMTilesTileID.id(try TileID(zoom: zoom, x: x, y: y)) == id, "\(zoom)/\(x)/\(y)")
        }
        var random = SplitMix(3)
        for _ in 0..<2000 {
            let zoom = Int(random.next() % 25)
            let tile = try TileID(
                zoom: zoom, x: Int(random.next() % (1 << UInt64(zoom))), y: Int(random.next() % (1 << UInt64(zoom))))
            #expect(PMTilesTileID.tile(PMTilesTileID.id(tile)) == tile)
        }
        #expect(PMTilesTileID.tile(PMTilesTileID.first(ofZoom: 25)) == nil)
    }

    @Test func damagedArchivesAreRefusedNamingTheFile() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles.pmtiles"
        try ArchiveFixtures.write(ArchiveFixtures.realTiles, to: path)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        for (name, damaged) in [
            ("short", bytes.prefix(100)), ("magic", Data("PMTilez".utf8) + bytes.dropFirst(7)),
            ("root", bytes.prefix(140) + Data(repeating: 0xff, count: 40) + bytes.dropFirst(180)),
        ] {
            let broken = directory + "/\(name).pmtiles"
            try damaged.write(to: URL(fileURLWithPath: broken))
            #expect(throws: TileArchiveError.self, "\(name)") { try TileArchiveReader.open(path: broken) }
            do {
                _ = try TileArchiveReader.open(path: broken)
            } catch {
                #expect(error.kind == .corrupt && "\(error)".contains(broken), "\(name): \(error)")
            }
        }
    }

    @Test func manyThreadsWriteAndReadAtOnce() throws {
        try ArchiveConcurrency.check(format: .pmtiles)
    }

    @Test func existingArchivesAndStalePartialStateAreHandled() throws {
        try ArchiveLifecycle.check(format: .pmtiles)
    }
}
