import Crypto
import Foundation
import GeoToolz
import TestSupport
import Testing

@testable import GeoToolzIO

/// Tiles, metadata and scratch directories for the archive tests, and the independent readers
/// of scripts/archive-reference.py.
enum ArchiveFixtures {
    /// A fresh empty directory, removed by the caller's `defer`.
    static func directory() throws -> String {
        let path = NSTemporaryDirectory() + "geotoolz-archive-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ directory: String) {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Real PNG tiles: the 16 tiles of zoom 2 all one uniform blue (sea: one blob, one run), and
    /// the tiles of zooms 3 and 4 over the Atlantic's north-east, each a gradient of its own.
    static let realTiles: [TileID: Data] = {
        var tiles: [TileID: Data] = [:]
        let sea = png { _, _, band in [0.1, 0.3, 0.7][band] }
        for x in 0..<4 {
            for y in 0..<4 { tiles[try! TileID(zoom: 2, x: x, y: y)] = sea }
        }
        var blue: Float = 0
        for zoom in 3...4 {
            let scale = 1 << (zoom - 3)
            for x in (3 * scale)..<(5 * scale) {
                for y in (2 * scale)..<(4 * scale) {
                    blue += 0.04
                    tiles[try! TileID(zoom: zoom, x: x, y: y)] = png { row, column, band in
                        [Float(column) / 255, Float(row) / 255, blue][band]
                    }
                }
            }
        }
        return tiles
    }()

    /// The area of `realTiles`' zooms 3 and 4: exactly tiles 3/3…4/2…3.
    static let realBounds: GeoBounds = {
        let span = 2 * WebMercatorQuad.halfWorld / 8
        return MercatorBounds(
            minX: -WebMercatorQuad.halfWorld + 3 * span, minY: WebMercatorQuad.halfWorld - 4 * span,
            maxX: -WebMercatorQuad.halfWorld + 5 * span, maxY: WebMercatorQuad.halfWorld - 2 * span
        ).geographic
    }()

    static func metadata(format: TileFormat = .png, bounds: GeoBounds = realBounds, configHash: String? = "abc123")
        -> TileArchiveMetadata
    {
        TileArchiveMetadata(
            name: "Test tiles", description: "Gradients over sea", attribution: "© GeoToolz tests", format: format,
            bounds: bounds, center: TileArchiveCenter(longitude: -22.5, latitude: 40.25, zoom: 3), minZoom: 2,
            maxZoom: 4, configHash: configHash)
    }

    /// A 256×256 RGB PNG whose pixel values `value(row, column, band)` gives, 0…1.
    static func png(_ value: (Int, Int, Int) -> Float) -> Data {
        var values = [Float](repeating: 0, count: 3 * 256 * 256)
        for band in 0..<3 {
            for row in 0..<256 {
                for column in 0..<256 { values[band * 65536 + row * 256 + column] = value(row, column, band) }
            }
        }
        return try! PNGEncoder().encode(GeoTensor(bands: 3, height: 256, width: 256, values: values)).data
    }

    /// `count` distinct tiles of zoom `zoom`, about one in three of its tiles, each of bytes
    /// of a pseudo-random length 16…400 (so directories compress poorly and overflow the root).
    static func syntheticTiles(count: Int, zoom: Int = 9, seed: UInt64 = 7) -> [TileID: Data] {
        var random = SplitMix(seed)
        var tiles: [TileID: Data] = [:]
        let side = 1 << zoom
        var index = 0
        while tiles.count < count {
            index += 1 + Int(random.next() % 3)
            let tile = try! TileID(zoom: zoom, x: index % side, y: (index / side) % side)
            let length = 16 + Int(random.next() % 385)
            var bytes = Data(count: length)
            for offset in 0..<length { bytes[offset] = UInt8(truncatingIfNeeded: random.next()) }
            tiles[tile] = bytes
        }
        return tiles
    }

    static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    /// `z/x/y` → SHA-256 of every tile in `tiles`.
    static func digests(_ tiles: [TileID: Data]) -> [String: String] {
        Dictionary(uniqueKeysWithValues: tiles.map { ($0.key.description, sha256($0.value)) })
    }

    /// Writes `tiles` to a new archive at `path` and finishes it.
    static func write(_ tiles: [TileID: Data], to path: String, metadata: TileArchiveMetadata = metadata()) throws {
        let writer = try TileArchiveWriter.open(path: path, mode: .create)
        for (tile, bytes) in tiles { try writer.write(tile, bytes) }
        try writer.finish(metadata)
    }

    /// Every tile `TileArchiveReader` finds by walking the archive, as `z/x/y` → SHA-256.
    static func walked(_ path: String) throws -> [String: String] {
        var found: [String: String] = [:]
        try TileArchiveReader.open(path: path).forEachTile { tile, bytes in
            #expect(found[tile.description] == nil, "\(tile) is visited twice")
            found[tile.description] = sha256(bytes)
        }
        return found
    }
}

/// A small deterministic generator (SplitMix64) for synthetic tiles.
struct SplitMix {
    private var state: UInt64

    init(_ seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
