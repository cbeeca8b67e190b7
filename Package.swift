// swift-tools-version:6.0
import PackageDescription

// The data path, one module per stage:
// raster read (GDAL) → GeoTensor → operators → encode (PNG, WebP, JPEG) → cache → HTTP.
// Modules depend one way only:
//   GeoToolz ← GeoToolzIO ← GeoToolzCache ← GeoToolzServer ← geotoolz
//                           GeoToolzCache ← GeoToolzSeed   ← geotoolz
//                                           GeoToolzSeed   ← GeoToolzExport ← geotoolz
//              GeoToolzIO ← GeoToolzArtifact ← geotoolz
//              GeoToolzIO ← GeoToolzDiff ← GeoToolzServer (difference tiles), geotoolz
// The server and pre-warming share the caches and never each other.
let package = Package(
    name: "GeoToolz",
    products: [
        .library(name: "GeoToolz", targets: ["GeoToolz"]),
        .executable(name: "geotoolz", targets: ["geotoolz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
    ],
    targets: [
        // Pure Swift: the carrier type, the operator algebra, configs, registry, operators.
        .target(
            name: "GeoToolz",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // C libraries, reached through pkg-config.
        .systemLibrary(
            name: "CGDAL",
            pkgConfig: "gdal",
            providers: [.apt(["libgdal-dev"])]
        ),
        .systemLibrary(
            name: "CLibPNG",
            pkgConfig: "libpng",
            providers: [.apt(["libpng-dev"]), .brew(["libpng"])]
        ),
        // hiredis.pc adds -D_FILE_OFFSET_BITS=64, which SwiftPM rejects; the headers sit in
        // /usr/include/hiredis and the module map links the library, so pkg-config is not needed.
        .systemLibrary(
            name: "CHiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),

        // libpng behind one setjmp: Swift cannot survive libpng's longjmp error reporting.
        .systemLibrary(
            name: "CLibDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .target(name: "CPNGEncoder", dependencies: ["CLibPNG", "CLibDeflate"]),

        // libwebp reports errors by return codes; a thin wrapper sets up its advanced API.
        .systemLibrary(
            name: "CLibWebP",
            pkgConfig: "libwebp",
            providers: [.apt(["libwebp-dev"]), .brew(["webp"])]
        ),
        .target(name: "CWebPEncoder", dependencies: ["CLibWebP"]),

        // TurboJPEG (libjpeg-turbo) reports errors by return codes, where libjpeg's classic API
        // longjmps; the wrapper keeps one compressor per thread.
        .systemLibrary(
            name: "CTurboJPEG",
            pkgConfig: "libturbojpeg",
            providers: [.apt(["libturbojpeg0-dev"]), .brew(["jpeg-turbo"])]
        ),
        .target(name: "CJPEGEncoder", dependencies: ["CTurboJPEG"]),

        // SQLite, for MBTiles archives.
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),

        // Raster I/O: GDAL tile reads, tile math, tile encoding (PNG, WebP, JPEG), layers, tile
        // rendering, and tile archives (MBTiles, PMTiles).
        .target(
            name: "GeoToolzIO",
            dependencies: [
                "GeoToolz", "CGDAL", "CPNGEncoder", "CWebPEncoder", "CJPEGEncoder", "CSQLite", "CLibDeflate",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // The caches: tile keys, the in-process memory cache, the Redis client and tile cache,
        // the value codec, the keyspace walk (`cache stats|purge`), and render-to-cache.
        .target(
            name: "GeoToolzCache",
            dependencies: [
                "GeoToolz",
                "GeoToolzIO",
                "CHiredis",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),

        // Pre-warming (`geotoolz prewarm`): tile plans, shards, the job, resume log, and the
        // warmers that fill Redis directly or ask a running server over HTTP.
        .target(
            name: "GeoToolzSeed",
            dependencies: [
                "GeoToolz",
                "GeoToolzIO",
                "GeoToolzCache",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),

        // Export (`geotoolz export`): a seeding run whose tiles go into an MBTiles or PMTiles archive.
        .target(name: "GeoToolzExport", dependencies: ["GeoToolzIO", "GeoToolzSeed"]),

        // Artifacts (`geotoolz artifact freeze|verify|show`): a layer pinned in a tarball with its
        // inputs' hashes, the versions that make its bytes and reference tiles, and checked against them.
        .target(
            name: "GeoToolzArtifact",
            dependencies: ["GeoToolz", "GeoToolzIO", .product(name: "Crypto", package: "swift-crypto")]
        ),

        // A/B of two versions of a layer (`geotoolz diff`): config changes by path, tile metrics,
        // confusion matrices, difference tiles.
        .target(name: "GeoToolzDiff", dependencies: ["GeoToolz", "GeoToolzIO"]),

        // The HTTP server: routes, layer registry, render pool, metrics.
        .target(
            name: "GeoToolzServer",
            dependencies: [
                "GeoToolz",
                "GeoToolzIO",
                "GeoToolzCache",
                "GeoToolzDiff",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Atomics", package: "swift-atomics"),
            ]
        ),

        // glibc's allocator controls, for a server whose memory is bounded by configuration.
        .systemLibrary(name: "CMalloc", path: "Sources/CMalloc"),

        .executableTarget(
            name: "geotoolz",
            dependencies: [
                "CMalloc",
                "GeoToolz",
                "GeoToolzIO",
                "GeoToolzCache",
                "GeoToolzSeed",
                "GeoToolzExport",
                "GeoToolzArtifact",
                "GeoToolzDiff",
                "GeoToolzServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // libFuzzer targets, one per parser that reads untrusted text (README, "Fuzzing").
        // A normal build makes each a replayer of input files; `make fuzz` builds them for libFuzzer.
        .systemLibrary(name: "CFuzzerDriver", path: "Sources/Fuzz/CFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Sources/Fuzz/FuzzSupport"),
        .executableTarget(
            name: "FuzzPipelineConfig", dependencies: ["GeoToolz", "FuzzSupport"],
            path: "Sources/Fuzz/FuzzPipelineConfig"),
        .executableTarget(
            name: "FuzzLayerFile", dependencies: ["GeoToolz", "GeoToolzIO", "FuzzSupport"],
            path: "Sources/Fuzz/FuzzLayerFile"),
        .executableTarget(
            name: "FuzzBandMath", dependencies: ["GeoToolz", "FuzzSupport"], path: "Sources/Fuzz/FuzzBandMath"),
        .executableTarget(
            name: "FuzzRoute", dependencies: ["GeoToolzServer", "FuzzSupport"], path: "Sources/Fuzz/FuzzRoute"),

        // Helpers the test targets share: free loopback ports, child processes, a real
        // redis-server, the demo layers, polling for a condition.
        .target(
            name: "TestSupport",
            dependencies: [
                "GeoToolzIO",
                "GeoToolzCache",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(name: "GeoToolzTests", dependencies: ["GeoToolz"]),
        .testTarget(
            name: "GeoToolzIOTests",
            dependencies: [
                "GeoToolzIO", "GeoToolz", "CGDAL", "TestSupport", .product(name: "Crypto", package: "swift-crypto"),
            ]),
        .testTarget(
            name: "GeoToolzCacheTests",
            dependencies: [
                "GeoToolzCache",
                "GeoToolzIO",
                "GeoToolz",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "GeoToolzSeedTests",
            dependencies: [
                "GeoToolzSeed",
                "GeoToolzCache",
                "GeoToolzIO",
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "GeoToolzServerTests",
            dependencies: [
                "GeoToolzServer",
                "GeoToolzCache",
                "GeoToolzSeed",
                "GeoToolzIO",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                "TestSupport",
            ]
        ),
        .testTarget(
            name: "GeoToolzArtifactTests", dependencies: ["GeoToolzArtifact", "GeoToolzIO", "GeoToolz", "TestSupport"]),
        .testTarget(
            name: "GeoToolzDiffTests",
            dependencies: ["GeoToolzDiff", "GeoToolzSeed", "GeoToolzIO", "GeoToolz", "TestSupport"]),
        // Runs the built `geotoolz` binary as a user would.
        .testTarget(name: "GeoToolzCLITests", dependencies: ["geotoolz", "TestSupport"]),
    ]
)
