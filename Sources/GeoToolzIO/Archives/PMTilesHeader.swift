/// The 127-byte header that starts a PMTiles v3 archive: where each section lies, how its
/// contents are compressed and typed, the zooms, bounds and centre. Integers are little-endian;
/// longitudes and latitudes are stored as degrees × 10^7.
struct PMTilesHeader: Sendable, Hashable {
    static let size = 127
    static let magic = Array("PMTiles".utf8)

    /// Compression of directories, metadata or tiles.
    enum Compression: UInt8, Sendable {
        case unknown = 0, none, gzip, brotli, zstd
    }

    /// What the tiles are.
    enum TileType: UInt8, Sendable {
        case unknown = 0, mvt, png, jpeg, webp, avif

        init?(_ format: TileFormat) {
            switch format {
            case .png: self = .png
            case .jpeg: self = .jpeg
            case .webp: self = .webp
            case .geotiff: return nil
            }
        }

        var format: TileFormat? {
            switch self {
            case .png: .png
            case .jpeg: .jpeg
            case .webp: .webp
            default: nil
            }
        }
    }

    var rootOffset: UInt64 = 0
    var rootLength: UInt64 = 0
    var metadataOffset: UInt64 = 0
    var metadataLength: UInt64 = 0
    var leavesOffset: UInt64 = 0
    var leavesLength: UInt64 = 0
    var dataOffset: UInt64 = 0
    var dataLength: UInt64 = 0
    var addressedTiles: UInt64 = 0
    var tileEntries: UInt64 = 0
    var tileContents: UInt64 = 0
    var clustered = true
    var internalCompression = Compression.gzip
    var tileCompression = Compression.none
    var tileType = TileType.png
    var minZoom: UInt8 = 0
    var maxZoom: UInt8 = 0
    var bounds = GeoBounds(west: -180, south: -85, east: 180, north: 85)
    var centerZoom: UInt8 = 0
    var centerLongitude = 0.0
    var centerLatitude = 0.0

    init() {}

    func encoded() -> [UInt8] {
        var bytes = Self.magic + [3]
        for value in [
            rootOffset, rootLength, metadataOffset, metadataLength, leavesOffset, leavesLength, dataOffset,
            dataLength, addressedTiles, tileEntries, tileContents,
        ] {
            bytes += withUnsafeBytes(of: value.littleEndian, Array.init)
        }
        bytes += [clustered ? 1 : 0, internalCompression.rawValue, tileCompression.rawValue, tileType.rawValue]
        bytes += [minZoom, maxZoom]
        for degrees in [bounds.west, bounds.south, bounds.east, bounds.north] {
            bytes += Self.e7(degrees)
        }
        bytes.append(centerZoom)
        bytes += Self.e7(centerLongitude) + Self.e7(centerLatitude)
        assert(bytes.count == Self.size)
        return bytes
    }

    /// Parses a header; nil when `bytes` do not start a PMTiles v3 archive.
    init?(decoding bytes: [UInt8]) {
        guard bytes.count >= Self.size, Array(bytes[0..<7]) == Self.magic, bytes[7] == 3 else { return nil }
        func u64(_ at: Int) -> UInt64 { bytes[at..<(at + 8)].reversed().reduce(0) { $0 << 8 | UInt64($1) } }
        func degrees(_ at: Int) -> Double {
            let raw = bytes[at..<(at + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            return Double(Int32(bitPattern: raw)) / 10_000_000
        }
        rootOffset = u64(8)
        rootLength = u64(16)
        metadataOffset = u64(24)
        metadataLength = u64(32)
        leavesOffset = u64(40)
        leavesLength = u64(48)
        dataOffset = u64(56)
        dataLength = u64(64)
        addressedTiles = u64(72)
        tileEntries = u64(80)
        tileContents = u64(88)
        clustered = bytes[96] == 1
        guard let directories = Compression(rawValue: bytes[97]), let tiles = Compression(rawValue: bytes[98]),
            let type = TileType(rawValue: bytes[99])
        else { return nil }
        internalCompression = directories
        tileCompression = tiles
        tileType = type
        minZoom = bytes[100]
        maxZoom = bytes[101]
        bounds = GeoBounds(west: degrees(102), south: degrees(106), east: degrees(110), north: degrees(114))
        centerZoom = bytes[118]
        centerLongitude = degrees(119)
        centerLatitude = degrees(123)
    }

    /// Degrees × 10^7 as a little-endian 32-bit integer.
    private static func e7(_ degrees: Double) -> [UInt8] {
        let value = Int32((degrees * 10_000_000).rounded())
        return withUnsafeBytes(of: value.littleEndian, Array.init)
    }
}
