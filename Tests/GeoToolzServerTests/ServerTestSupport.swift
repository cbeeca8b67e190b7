import Foundation
import GeoToolz
import GeoToolzIO
import Logging
import NIOConcurrencyHelpers
import TestSupport

@testable import GeoToolzServer

/// A tile server on a free loopback port, stopped when the test is done with it.
final class RunningServer: Sendable {
    let server: TileServer
    var port: Int { server.port }

    init(
        layers: [Layer], configure: (inout ServerConfiguration) -> Void = { _ in },
        reloadLayer: SourceWatcher.Reload? = nil
    ) throws {
        var configuration = ServerConfiguration()
        configuration.port = 0
        configuration.staticDirectory = PackagePaths.staticFiles
        configuration.maplibreDirectory = PackagePaths.maplibre
        configuration.sourceCheckInterval = .milliseconds(200)
        configure(&configuration)
        server = try TileServer(
            configuration: configuration, layers: layers, logger: Logger(label: "test"), reloadLayer: reloadLayer)
    }

    func client() throws -> HTTPTestClient { try HTTPTestClient(port: port) }

    /// A client whose kernel receive buffer holds only `receiveBuffer` bytes.
    func client(receiveBuffer: Int) throws -> HTTPTestClient {
        try HTTPTestClient(port: port, receiveBuffer: receiveBuffer)
    }

    /// One request on a new connection.
    func get(_ target: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil)
        throws -> TestResponse
    {
        try client().fetch(target, method: method, headers: headers, body: body)
    }

    /// The sum of a Prometheus metric's samples carrying `labels`, 0 when absent.
    func metric(_ name: String, _ labels: [String: String] = [:]) throws -> Double {
        try prometheusSample(port: port, name, labels)
    }

    deinit { try? server.shutdown() }
}

/// The sum of the samples of metric `name` carrying `labels` in the `/metrics` of the server
/// on `port`, 0 when absent.
func prometheusSample(port: Int, _ name: String, _ labels: [String: String] = [:]) throws -> Double {
    let text = try HTTPTestClient(port: port).fetch("/metrics").text
    return text.split(separator: "\n").reduce(0.0) { total, line in
        guard line.hasPrefix(name), !line.hasPrefix("#") else { return total }
        let rest = line.dropFirst(name.count)
        guard rest.first == "{" || rest.first == " " else { return total }
        for (key, value) in labels where !line.contains("\(key)=\"\(value)\"") { return total }
        return total + (Double(line.split(separator: " ").last ?? "") ?? 0)
    }
}

/// A tile at the centre of a layer's data, at `zoom`.
func centreTile(_ layer: Layer, zoom: Int) throws -> TileID {
    let bounds = layer.mercatorBounds
    return try WebMercatorQuad.tile(
        containingX: (bounds.minX + bounds.maxX) / 2, y: (bounds.minY + bounds.maxY) / 2, zoom: zoom)
}

/// Distinct tiles of a layer at one zoom, inside its data.
func tilesInside(_ layer: Layer, zoom: Int, count: Int) -> [TileID] {
    guard let range = WebMercatorQuad.tiles(covering: layer.mercatorBounds, zoom: zoom) else { return [] }
    var tiles = [TileID]()
    for y in range.y {
        for x in range.x {
            if let tile = try? TileID(zoom: zoom, x: x, y: y), layer.intersects(tile) { tiles.append(tile) }
            if tiles.count == count { return tiles }
        }
    }
    return tiles
}

func path(_ layer: String, _ tile: TileID, scale: Int = 1) -> String {
    "/tiles/\(layer)/\(tile.zoom)/\(tile.x)/\(tile.y)\(scale == 2 ? "@2x" : "").png"
}

/// Runs `body(index)` on `count` threads of their own — not a shared pool that other tests may
/// hold busy — and returns a group to wait on.
func startThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) -> DispatchGroup {
    let group = DispatchGroup()
    for index in 0..<count {
        group.enter()
        Thread {
            body(index)
            group.leave()
        }.start()
    }
    return group
}

/// Clients requesting `paths` in turn on `threads` threads of their own, each from a different
/// start, until `stop()` or `bound` seconds: every answer is counted, and every one that is not a
/// 200 (or a client error) is kept.
final class TileLoad: Sendable {
    private let answers = NIOLockedValueBox(0)
    private let problems = NIOLockedValueBox<[String]>([])
    private let stopping = NIOLockedValueBox(false)
    private let group: DispatchGroup

    init(_ server: RunningServer, paths: [String], threads: Int = 3, bound: TimeInterval) {
        let (answers, problems, stopping) = (answers, problems, stopping)
        group = startThreads(threads) { worker in
            do {
                let client = try server.client()
                var index = worker
                let deadline = Date().addingTimeInterval(bound)
                while !stopping.withLockedValue({ $0 }) && Date() < deadline {
                    let response = try client.fetch(paths[index % paths.count])
                    if response.status != 200 { problems.withLockedValue { $0.append("\(response.status)") } }
                    answers.withLockedValue { $0 += 1 }
                    index += 1
                }
            } catch {
                problems.withLockedValue { $0.append("\(error)") }
            }
        }
    }

    /// Answers so far.
    var answered: Int { answers.withLockedValue { $0 } }
    /// Answers that were not 200, and client errors.
    var failures: [String] { problems.withLockedValue { $0 } }

    /// Whether `count` more answers than now arrive within the usual wait of `eventually`.
    func answersMore(than count: Int = 30) -> Bool {
        let start = answered
        return eventually { self.answered > start + count }
    }

    /// Stops the clients and waits for them; false when they did not finish within 60 s.
    func stop() -> Bool {
        stopping.withLockedValue { $0 = true }
        return group.wait(timeout: .now() + 60) == .success
    }
}
