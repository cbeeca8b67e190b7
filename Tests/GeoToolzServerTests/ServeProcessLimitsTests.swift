import Foundation
import GeoToolzIO
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz serve` as a process against clients and operators that get things wrong: a stalled
/// client at SIGTERM, numbers out of range, a port already taken, a source that breaks.
@Suite(.serialized) struct ServeProcessLimitsTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("geotoolz")
            .path
    }

    @Test func sigtermFinishesWithinTheDrainTimeWhileAClientStallsItsBody() throws {
        let serve = try ServeProcess(
            layers: PackagePaths.layers, arguments: ["--drain-timeout", "2", "--head-timeout", "600"])
        let stalled = try serve.client()
        try stalled.send("GET /health HTTP/1.1\r\nHost: x\r\nContent-Length: 50\r\n\r\n")
        #expect(try serve.client().fetch("/health").status == 200)
        let started = Date()
        serve.signal(SIGTERM)
        let status = serve.waitForExit(seconds: 15)
        #expect(status == 0, "\(serve.output.suffix(2000))")
        #expect(Date().timeIntervalSince(started) < 6, "stopped after \(Date().timeIntervalSince(started)) s")
        #expect(stalled.isClosedByServer(within: 1))
    }

    @Test(arguments: [
        (["--port", "70000"], "--port must be within 0…65535"),
        (["--port", "-1"], "--port must be within 0…65535"),
        (["--threads", "100000"], "--threads must be within 1…256"),
        (["--head-timeout", "0"], "--head-timeout must be within 1…86400"),
        (["--idle-timeout", "-5"], "--idle-timeout must be within 1…86400"),
        (["--write-timeout", "0"], "--write-timeout must be within 1…86400"),
        (["--drain-timeout", "0"], "--drain-timeout must be within 1…86400"),
        (["--max-connections", "0"], "--max-connections must be within 1…1000000"),
        (["--queue", "0"], "--queue must be within 1…1000000"),
        (["--memory-cache", "-1"], "--memory-cache must be within 0…1048576"),
        (["--gdal-cache", "0"], "--gdal-cache must be within 1…1048576"),
        (["--watch-interval", "-1"], "--watch-interval must be within 0.0…3600.0"),
        (["--pipeline-body-limit", "0"], "--pipeline-body-limit must be within 1…1024"),
        (["--pipeline-uploads", "0"], "--pipeline-uploads must be within 1…100000"),
        (["--pipeline-store", "0"], "--pipeline-store must be within 1…1000000"),
        (["--pipelines", "maybe"], "--pipelines must be one of [\"off\", \"open\", \"token\"]"),
        (["--pipelines", "token"], "--pipelines token needs --pipeline-token"),
        (["--pipeline-token", "short"], "--pipeline-token must be at least 16 characters"),
        (["--render-budget", "0"], "--render-budget must be within 0.01…3600.0"),
        (["--render-budget", "7200"], "--render-budget must be within 0.01…3600.0"),
        (["--basemap", "tile.example.org/{z}/{x}/{y}.png"], "--basemap: 'tile.example.org/{z}/{x}/{y}.png' is not"),
        (["--basemap", "https://tile.example.org/{z}/{x}.png"], "it lacks {y}"),
    ])
    func numbersOutOfRangeAreRefusedBeforeAnythingStarts(arguments: [String], message: String) throws {
        let result = try runToCompletion(Self.binary, ["serve"] + arguments)
        #expect(result.status == 64, "\(arguments): \(result.standardError)")
        #expect(result.standardError.contains(message), "\(arguments): \(result.standardError)")
    }

    @Test func aPortAlreadyTakenGivesOneCleanMessage() throws {
        let serve = try ServeProcess(layers: PackagePaths.layers)
        let result = try runToCompletion(
            Self.binary,
            [
                "serve", "--port", String(serve.port), "--layers", PackagePaths.layers, "--data", PackagePaths.data,
                "--static", PackagePaths.staticFiles, "--log-level", "warning",
            ])
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n")
        #expect(lines == ["error: cannot listen on 127.0.0.1:\(serve.port): Address already in use"], "\(lines)")
    }

    @Test func aServerErrorSaysWhatFailedWithoutServerPathsAndTheLogHasTheCause() throws {
        let data = try temporaryDirectory("breaking-data")
        // Compressed, so that overwritten bytes make blocks undecodable rather than odd pixels.
        try gdalTranslate([
            "-outsize", "25%", "25%", "-co", "COMPRESS=DEFLATE", "-co", "TILED=YES", PackagePaths.data + "/srtm90.tif",
            data + "/dem.tif",
        ])
        let layers = try temporaryDirectory("breaking-layers")
        try elevationLayer(name: "dem").replacingOccurrences(of: "srtm90.tif", with: "dem.tif")
            .write(toFile: layers + "/dem.yaml", atomically: true, encoding: .utf8)
        // Source checks off: the file breaks under a layer that still believes in it.
        let serve = try ServeProcess(layers: layers, data: data, arguments: ["--watch-interval", "0"])
        let size = try #require(
            (FileManager.default.attributesOfItem(atPath: data + "/dem.tif")[.size] as? NSNumber)?.intValue)
        let handle = try #require(FileHandle(forWritingAtPath: data + "/dem.tif"))
        try handle.seek(toOffset: UInt64(size / 8))
        try handle.write(contentsOf: Data(repeating: 0xA5, count: size / 2))
        try handle.close()

        var failed: TestResponse?
        for y in 96..<102 where failed == nil {
            for x in 40..<46 {
                let response = try serve.client().fetch("/tiles/dem/8/\(x)/\(y).png")
                if response.status == 500 {
                    failed = response
                    break
                }
            }
        }
        let response = try #require(failed, "no tile failed after the file was overwritten")
        let body = try #require(try response.json() as? [String: Any])
        let id = try #require(response.header("X-Request-Id"))
        #expect(body["requestId"] as? String == id)
        let detail = try #require(body["detail"] as? String)
        #expect(detail.contains("layer 'dem'") && detail.contains("source could not be read"), "\(detail)")
        #expect(!response.text.contains(data) && !response.text.contains(".tif"), "a path: \(response.text)")
        #expect(!response.text.lowercased().contains("tiff"), "the body carries a library message: \(response.text)")
        #expect(eventually(timeout: 10) { serve.output.contains(id) }, "the log has no line for request \(id)")
    }
}
