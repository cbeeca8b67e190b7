import Foundation
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The package's folders, found from this file.
enum PackageFolders {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let layers = root.appendingPathComponent("layers").path
    static let data = root.appendingPathComponent("data").path

    /// A new layer folder holding `files` (name → YAML); loading a few layers is quicker than all.
    static func layerFolder(_ files: [String: String]) throws -> String {
        let folder = NSTemporaryDirectory() + "geotoolz-cli-layers-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for (name, text) in files {
            try text.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
        }
        return folder
    }

    static func demoLayer(_ name: String) throws -> String {
        try String(contentsOfFile: "\(layers)/\(name).yaml", encoding: .utf8)
    }

    /// A layer over the elevation data whose every render fails: real elevations are never in 0…1.
    static let brokenLayer = """
        name: broken
        source: srtm90.tif
        bands: [1]
        minzoom: 6
        maxzoom: 12
        pipeline:
          _target_: Sequential
          operators:
            - {_target_: AssertValueRange, min: 0, max: 1, onFail: raise}
            - {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}
        """
}

/// A real `redis-server` on a free loopback port, without persistence, stopped when released.
final class LocalRedis {
    let port: Int
    private let process = Process()
    /// The server's own process id (the launched process is `timeout`).
    private var serverID: Int32 = 0

    init() throws {
        port = freeLoopbackPort()
        // `timeout` kills the server should the tests die first.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments = [
            "--signal=KILL", "300", "redis-server", "--port", String(port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no", "--loglevel", "warning",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(10)
        while (try? cli("PING")) != "PONG" {
            guard Date() < deadline, process.isRunning else { throw CLITestError("redis-server did not start") }
            Thread.sleep(forTimeInterval: 0.05)
        }
        let info = try cli("INFO", "server").split(whereSeparator: \.isNewline)
        serverID = info.first { $0.hasPrefix("process_id:") }.flatMap { Int32($0.dropFirst("process_id:".count)) } ?? 0
    }

    deinit {
        // SIGKILL: children of the test process inherit its blocked signals, SIGTERM among them.
        kill(serverID > 0 ? serverID : process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var url: String { "redis://127.0.0.1:\(port)/0" }

    /// One `redis-cli` command's output, trimmed.
    @discardableResult
    func cli(_ arguments: String...) throws -> String {
        try runToCompletion("/usr/bin/env", ["redis-cli", "-p", String(port)] + arguments).standardOutput
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Keys in the database.
    func keyCount() throws -> Int { Int(try cli("DBSIZE")) ?? -1 }
}

struct CLITestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `geotoolz` process running in the background, its output going to files.
final class BackgroundCommand {
    let process = Process()
    let outputPath = NSTemporaryDirectory() + "geotoolz-cli-out-\(UUID().uuidString)"

    init(_ arguments: [String]) throws {
        _ = FileManager.default.createFile(atPath: outputPath, contents: nil)
        process.executableURL = GeoToolzBinary.productsDirectory.appendingPathComponent("geotoolz")
        process.arguments = arguments
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
        try process.run()
    }

    deinit {
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// The exit status, once the process ended within `timeout` seconds.
    func wait(timeout: TimeInterval = 60) throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            guard Date() < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw CLITestError("geotoolz \(process.arguments ?? []) did not end in \(timeout) s")
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return process.terminationStatus
    }
}

/// Polls `condition` until it holds or `timeout` seconds pass.
func waitFor(timeout: TimeInterval = 30, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}
