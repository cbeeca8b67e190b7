// swift-tools-version:6.0
import PackageDescription

// The data path, one module per stage:
// raster read (GDAL) → GeoTensor → operators → PNG encode → cache → HTTP.
// Modules depend one way only: GeoToolz ← GeoToolzIO ← GeoToolzServer ← geotoolz.
let package = Package(
    name: "GeoToolz",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "GeoToolz", targets: ["GeoToolz"]),
        .executable(name: "geotoolz", targets: ["geotoolz"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),

        // libpng behind one setjmp: Swift cannot survive libpng's longjmp error reporting.
        .target(name: "CPNGEncoder", dependencies: ["CLibPNG"]),

        // Raster I/O: GDAL tile reads, tile math, PNG encoding, layers and tile rendering.
        .target(name: "GeoToolzIO", dependencies: ["GeoToolz", "CGDAL", "CPNGEncoder"]),

        .executableTarget(
            name: "geotoolz",
            dependencies: [
                "GeoToolz",
                "GeoToolzIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        .testTarget(name: "GeoToolzTests", dependencies: ["GeoToolz"]),
        .testTarget(name: "GeoToolzIOTests", dependencies: ["GeoToolzIO", "GeoToolz", "CGDAL"]),
        // Runs the built `geotoolz` binary as a user would.
        .testTarget(name: "GeoToolzCLITests", dependencies: ["geotoolz"]),
    ]
)
