import Foundation
import TestSupport
import Testing

@testable import GeoToolzIO

/// Merging archives of either format into either format.
@Suite struct TileArchiveMergeTests {
    /// Two halves, one MBTiles and one PMTiles, sharing their zoom-2 sea tiles: merged, they
    /// hold what one archive of all the tiles holds; as PMTiles, the very same bytes.
    @Test(arguments: [TileArchiveFormat.pmtiles, .mbtiles])
    func twoHalvesMergeIntoTheWhole(output format: TileArchiveFormat) throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let tiles = ArchiveFixtures.realTiles
        let west = tiles.filter { $0.key.zoom == 2 || $0.key.x < 4 << ($0.key.zoom - 3) }
        let east = tiles.filter { $0.key.zoom == 2 || $0.key.x >= 4 << ($0.key.zoom - 3) }
        #expect(west.count + east.count == tiles.count + 16)
        let bounds = ArchiveFixtures.realBounds
        let middle = (bounds.west + bounds.east) / 2
        try ArchiveFixtures.write(
            west, to: directory + "/west.mbtiles",
            metadata: ArchiveFixtures.metadata(
                bounds: GeoBounds(west: bounds.west, south: bounds.south, east: middle, north: bounds.north)))
        try ArchiveFixtures.write(
            east, to: directory + "/east.pmtiles",
            metadata: ArchiveFixtures.metadata(
                bounds: GeoBounds(west: middle, south: bounds.south, east: bounds.east, north: bounds.north)))
        let whole = directory + "/whole." + format.rawValue
        try ArchiveFixtures.write(tiles, to: whole)

        let merged = directory + "/merged." + format.rawValue
        try TileArchiveMerge.merge([directory + "/west.mbtiles", directory + "/east.pmtiles"], into: merged)
        #expect(try ArchiveFixtures.walked(merged) == ArchiveFixtures.digests(tiles))
        #expect(try ArchiveReference(format, merged).tiles == ArchiveFixtures.digests(tiles))
        // Equal but for the bounds, which went through the PMTiles header's 7 decimals.
        var metadata = try TileArchiveReader.open(path: merged).metadata
        let expected = try TileArchiveReader.open(path: whole).metadata
        let (got, want) = (metadata.bounds, expected.bounds)
        #expect(
            [got.west - want.west, got.south - want.south, got.east - want.east, got.north - want.north].allSatisfy {
                abs($0) <= 1e-7
            })
        metadata.bounds = expected.bounds
        #expect(metadata == expected)
        if format == .pmtiles {
            #expect(try Data(contentsOf: URL(fileURLWithPath: merged)) == Data(contentsOf: URL(fileURLWithPath: whole)))
        }
        #expect(!FileManager.default.fileExists(atPath: merged + ".part"))
    }

    @Test func aTileThatDiffersIsAConflictNamingTheTileAndBothFiles() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let tile = try TileID(zoom: 3, x: 1, y: 2)
        let first = directory + "/first.pmtiles"
        let second = directory + "/second.mbtiles"
        try ArchiveFixtures.write([tile: Data("one".utf8)], to: first)
        try ArchiveFixtures.write(
            [tile: Data("two".utf8), try TileID(zoom: 3, x: 0, y: 0): Data("x".utf8)], to: second)
        let output = directory + "/merged.pmtiles"
        #expect { try TileArchiveMerge.merge([first, second], into: output) } throws: { error in
            let text = "\(error)"
            return (error as? TileArchiveError)?.kind == .conflict && text.contains("3/1/2") && text.contains(first)
                && text.contains(second)
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == [
                "first.pmtiles", "second.mbtiles",
            ])

        // The same bytes in both are no conflict.
        try ArchiveFixtures.write([tile: Data("one".utf8)], to: directory + "/same.mbtiles")
        try TileArchiveMerge.merge([first, directory + "/same.mbtiles"], into: output)
        #expect(try TileArchiveReader.open(path: output).tile(tile) == Data("one".utf8))
        // The output exists now.
        #expect { try TileArchiveMerge.merge([first], into: output) } throws: {
            ($0 as? TileArchiveError)?.kind == .exists
        }
        try TileArchiveMerge.merge([second], into: output, overwrite: true)
        #expect(try TileArchiveReader.open(path: output).tile(tile) == Data("two".utf8))
    }

    @Test func metadataThatDisagreesIsAConflictNamingTheField() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let first = directory + "/first.pmtiles"
        let second = directory + "/second.pmtiles"
        try ArchiveFixtures.write([try TileID(zoom: 3, x: 1, y: 2): Data("one".utf8)], to: first)
        try ArchiveFixtures.write(
            [try TileID(zoom: 3, x: 2, y: 2): Data("two".utf8)], to: second,
            metadata: ArchiveFixtures.metadata(configHash: "def456"))
        #expect { try TileArchiveMerge.merge([first, second], into: directory + "/merged.mbtiles") } throws: {
            ($0 as? TileArchiveError)?.kind == .conflict && "\($0)".contains("config hash")
                && "\($0)".contains("def456")
        }
    }

    /// Zooms are the lowest and highest of the inputs; centres that differ give the middle of
    /// the joined bounds.
    @Test func zoomsJoinAndDifferingCentresMeetInTheMiddle() throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        var low = ArchiveFixtures.metadata(bounds: GeoBounds(west: -10, south: 0, east: 0, north: 10))
        (low.minZoom, low.maxZoom) = (1, 3)
        var high = ArchiveFixtures.metadata(bounds: GeoBounds(west: 0, south: -10, east: 20, north: 0))
        (high.minZoom, high.maxZoom) = (4, 6)
        high.center.longitude = 10
        try ArchiveFixtures.write(
            [try TileID(zoom: 3, x: 1, y: 2): Data("one".utf8)], to: directory + "/low.mbtiles", metadata: low)
        try ArchiveFixtures.write(
            [try TileID(zoom: 5, x: 1, y: 2): Data("two".utf8)], to: directory + "/high.pmtiles", metadata: high)
        let output = directory + "/merged.mbtiles"
        try TileArchiveMerge.merge([directory + "/low.mbtiles", directory + "/high.pmtiles"], into: output)
        let merged = try TileArchiveReader.open(path: output).metadata
        #expect(merged.bounds == GeoBounds(west: -10, south: -10, east: 20, north: 10))
        #expect(merged.minZoom == 1 && merged.maxZoom == 6)
        #expect(merged.center == TileArchiveCenter(longitude: 5, latitude: 0, zoom: 3))
    }
}
