// swift-tools-version:6.0
import PackageDescription

// Hummingbird 2 answering one tile route with fixed bytes and GeoToolz's tile headers: the
// framework's own cost per request, measured by `bench/framework-overhead.sh` against
// `geotoolz serve` answering the same tile from its memory cache.
let package = Package(
    name: "HummingbirdProbe",
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .executableTarget(
            name: "HummingbirdProbe",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        )
    ]
)
