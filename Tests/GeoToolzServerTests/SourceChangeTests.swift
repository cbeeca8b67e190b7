import Foundation
import GeoToolzIO
import TestSupport
import Testing

@testable import GeoToolzServer

/// Source files changed under a running server: rewritten in place, replaced by rename, broken.
/// The server notices within seconds, serves the new data under new ETags, and refuses only the
/// tiles of a layer whose files it cannot read.
@Suite(.serialized) struct SourceChangeTests {
    /// A data directory holding `dem.tif` (a small cut of the SRTM sample) and two variants to
    /// swap in; a layers directory with `dem` over it and `elevation` over a copy never touched.
    struct Fixture {
        let data: String
        let layers: String
        let catalog: LayerCatalog

        init() throws {
            data = try temporaryDirectory("changing-data")
            let source = PackagePaths.data + "/srtm90.tif"
            try gdalTranslate(["-outsize", "25%", "25%", source, data + "/original.tif"])
            try gdalTranslate([
                "-outsize", "25%", "25%", "-scale", "0", "4400", "4400", "0", source, data + "/inverted.tif",
            ])
            try FileManager.default.copyItem(atPath: data + "/original.tif", toPath: data + "/dem.tif")
            try FileManager.default.copyItem(atPath: data + "/original.tif", toPath: data + "/steady.tif")
            layers = try temporaryDirectory("changing-layers")
            try elevationLayer(name: "dem").replacingOccurrences(of: "srtm90.tif", with: "dem.tif")
                .write(toFile: layers + "/dem.yaml", atomically: true, encoding: .utf8)
            try elevationLayer(name: "elevation").replacingOccurrences(of: "srtm90.tif", with: "steady.tif")
                .write(toFile: layers + "/elevation.yaml", atomically: true, encoding: .utf8)
            catalog = try LayerCatalog(directory: layers, dataDirectory: DataDirectory(data))
        }

        func server() throws -> RunningServer {
            let catalog = self.catalog
            return try RunningServer(
                layers: catalog.layers, reloadLayer: { name in try catalog.reloadLayer(named: name) })
        }

        /// A tile both layers draw.
        var tile: String { "/8/42/98.png" }
    }

    @Test func aFileRewrittenInPlaceIsServedAnewWithinFiveSeconds() throws {
        let fixture = try Fixture()
        let server = try fixture.server()
        let before = try server.get("/tiles/dem" + fixture.tile)
        #expect(before.status == 200)
        let inode = try inodeOf(fixture.data + "/dem.tif")

        // Same path, same inode, new bytes.
        let replacement = try Data(contentsOf: URL(fileURLWithPath: fixture.data + "/inverted.tif"))
        let handle = try #require(FileHandle(forWritingAtPath: fixture.data + "/dem.tif"))
        try handle.truncate(atOffset: 0)
        try handle.write(contentsOf: replacement)
        try handle.close()
        #expect(try inodeOf(fixture.data + "/dem.tif") == inode)

        let after = try waitForNewETag(server, "/tiles/dem" + fixture.tile, than: before)
        #expect(after.body != before.body)
        #expect(after.body == (try expectedTile(fixture, over: "inverted.tif")))
    }

    @Test func aFileReplacedByRenameIsServedAnewWithinFiveSeconds() throws {
        let fixture = try Fixture()
        let server = try fixture.server()
        let before = try server.get("/tiles/dem" + fixture.tile)
        #expect(before.status == 200)
        try FileManager.default.copyItem(atPath: fixture.data + "/inverted.tif", toPath: fixture.data + "/dem.tif.new")
        #expect(rename(fixture.data + "/dem.tif.new", fixture.data + "/dem.tif") == 0)

        let after = try waitForNewETag(server, "/tiles/dem" + fixture.tile, than: before)
        #expect(after.body == (try expectedTile(fixture, over: "inverted.tif")))
    }

    @Test func aFileAVRTReadsIsWatchedToo() throws {
        let fixture = try Fixture()
        let built = try runToCompletion(
            "/usr/bin/gdalbuildvrt", ["-q", fixture.data + "/dem.vrt", fixture.data + "/dem.tif"])
        #expect(built.status == 0, "\(built.standardError)")
        try elevationLayer(name: "mosaic").replacingOccurrences(of: "srtm90.tif", with: "dem.vrt")
            .write(toFile: fixture.layers + "/mosaic.yaml", atomically: true, encoding: .utf8)
        let catalog = try LayerCatalog(directory: fixture.layers, dataDirectory: DataDirectory(fixture.data))
        let server = try RunningServer(
            layers: catalog.layers, reloadLayer: { name in try catalog.reloadLayer(named: name) })
        let before = try server.get("/tiles/mosaic" + fixture.tile)
        #expect(before.status == 200)

        // The VRT itself is untouched; the raster it reads is replaced.
        try FileManager.default.copyItem(atPath: fixture.data + "/inverted.tif", toPath: fixture.data + "/dem.tif.new")
        #expect(rename(fixture.data + "/dem.tif.new", fixture.data + "/dem.tif") == 0)
        let after = try waitForNewETag(server, "/tiles/mosaic" + fixture.tile, than: before)
        #expect(after.body != before.body)
    }

    @Test func anUnreadableFileRefusesOnlyItsLayersTilesUntilItIsMended() throws {
        let fixture = try Fixture()
        let server = try fixture.server()
        #expect(try server.get("/tiles/dem" + fixture.tile).status == 200)
        try Data("not a raster".utf8).write(to: URL(fileURLWithPath: fixture.data + "/dem.tif"))

        let refused = try waitFor(server, "/tiles/dem/8/42/99.png") { $0.status == 503 }
        #expect(refused.header("Retry-After") != nil)
        #expect(!refused.text.contains(fixture.data))
        #expect(try server.get("/tiles/elevation" + fixture.tile).status == 200)
        #expect(try server.get("/health").text.contains("\"unavailable\":[\"dem\"]"))

        try FileManager.default.removeItem(atPath: fixture.data + "/dem.tif")
        try FileManager.default.copyItem(atPath: fixture.data + "/original.tif", toPath: fixture.data + "/dem.tif")
        let mended = try waitFor(server, "/tiles/dem/8/42/99.png") { $0.status == 200 }
        #expect(mended.status == 200)
    }

    /// Polls `target` until its ETag differs from `previous`'s, for at most five seconds.
    private func waitForNewETag(_ server: RunningServer, _ target: String, than previous: TestResponse) throws
        -> TestResponse
    {
        try waitFor(server, target) { $0.status == 200 && $0.header("ETag") != previous.header("ETag") }
    }

    /// Polls `target` until `done` holds, for at most five seconds from the change.
    private func waitFor(_ server: RunningServer, _ target: String, _ done: (TestResponse) -> Bool) throws
        -> TestResponse
    {
        let deadline = Date().addingTimeInterval(5)
        var response = try server.get(target)
        while !done(response) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            response = try server.get(target)
        }
        #expect(done(response), "not seen within 5 s: \(response.status) \(response.text.prefix(300))")
        return response
    }

    /// The tile as a layer freshly loaded over `file` draws it.
    private func expectedTile(_ fixture: Fixture, over file: String) throws -> [UInt8] {
        let reference = try DemoLayers.custom(
            [
                "reference": elevationLayer(name: "reference").replacingOccurrences(of: "srtm90.tif", with: file)
            ], data: fixture.data)
        let server = try RunningServer(layers: reference)
        return try server.get("/tiles/reference" + fixture.tile).body
    }

    private func inodeOf(_ path: String) throws -> UInt64 {
        try #require((FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value)
    }
}

/// Runs gdal_translate quietly, failing the test when it fails.
func gdalTranslate(_ arguments: [String]) throws {
    let result = try runToCompletion("/usr/bin/gdal_translate", ["-q"] + arguments)
    #expect(result.status == 0, "gdal_translate \(arguments): \(result.standardError)")
}
