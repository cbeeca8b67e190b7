import Foundation
import TestSupport
import Testing

@testable import GeoToolzIO

/// Many render threads writing into one archive, and many server threads reading it.
enum ArchiveConcurrency {
    static func check(format: TileArchiveFormat) throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles." + format.rawValue
        let tiles = ArchiveFixtures.syntheticTiles(count: 3000, zoom: 7)
        let list = Array(tiles)
        let writer = try TileArchiveWriter.open(path: path, mode: .create)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in stride(from: thread, to: list.count, by: 4) {
                do { try writer.write(list[index].key, list[index].value) } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty)
        #expect(writer.tileCount == tiles.count)
        try writer.finish(ArchiveFixtures.metadata())

        let reader = try TileArchiveReader.open(path: path)
        DispatchQueue.concurrentPerform(iterations: 4) { thread in
            for index in stride(from: thread, to: list.count, by: 4) {
                do {
                    if try reader.tile(list[index].key) != list[index].value {
                        failures.add("\(list[index].key) differs")
                    }
                } catch { failures.add("\(error)") }
            }
        }
        #expect(failures.all.isEmpty)
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [String] = []
        func add(_ message: String) { lock.withLock { messages.append(message) } }
        var all: [String] { lock.withLock { messages } }
    }
}

/// What opening a writer does with what earlier runs left.
enum ArchiveLifecycle {
    static func check(format: TileArchiveFormat) throws {
        let directory = try ArchiveFixtures.directory()
        defer { ArchiveFixtures.remove(directory) }
        let path = directory + "/tiles." + format.rawValue
        let first = try TileID(zoom: 3, x: 1, y: 2)
        let second = try TileID(zoom: 3, x: 2, y: 2)
        let bytes = Data("not really a PNG".utf8)
        try ArchiveFixtures.write([first: bytes], to: path)

        // A finished archive is kept unless overwriting is asked for.
        #expect { try TileArchiveWriter.open(path: path, mode: .create) } throws: {
            ($0 as? TileArchiveError)?.kind == .exists && "\($0)".contains(path)
        }
        #expect { try TileArchiveWriter.open(path: path, mode: .resume) } throws: {
            ($0 as? TileArchiveError)?.kind == .exists
        }

        // `.create` with overwrite drops an earlier run's partial state; the old archive stays
        // until `finish` replaces it.
        do {
            let stale = try TileArchiveWriter.open(path: path, mode: .create, overwrite: true)
            for (tile, bytes) in ArchiveFixtures.syntheticTiles(count: 100, zoom: 5) { try stale.write(tile, bytes) }
        }
        #expect(FileManager.default.fileExists(atPath: path + ".part"))
        let fresh = try TileArchiveWriter.open(path: path, mode: .create, overwrite: true)
        #expect(fresh.tileCount == 0 && !fresh.contains(second))
        #expect(try TileArchiveReader.open(path: path).tile(first) == bytes)
        try fresh.write(second, bytes)
        try fresh.finish(ArchiveFixtures.metadata())
        let reader = try TileArchiveReader.open(path: path)
        #expect(try reader.tile(first) == nil && reader.tile(second) == bytes)

        // What archives cannot hold.
        let other = try TileArchiveWriter.open(path: directory + "/other." + format.rawValue, mode: .create)
        #expect { try other.write(first, Data()) } throws: { ($0 as? TileArchiveError)?.kind == .invalid }
        try other.write(first, bytes)
        #expect { try other.finish(ArchiveFixtures.metadata(format: .geotiff)) } throws: {
            ($0 as? TileArchiveError)?.kind == .unsupported
        }
        var upsideDown = ArchiveFixtures.metadata()
        upsideDown.minZoom = 5
        #expect { try other.finish(upsideDown) } throws: { ($0 as? TileArchiveError)?.kind == .invalid }
        other.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["tiles." + format.rawValue])
        #expect { try TileArchiveWriter.open(path: directory + "/tiles.zip", mode: .create) } throws: {
            ($0 as? TileArchiveError)?.kind == .unsupported
        }
        #expect { try TileArchiveReader.open(path: directory + "/missing." + format.rawValue) } throws: {
            ($0 as? TileArchiveError)?.kind == .notFound
        }
    }
}
