import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import TestSupport

@testable import GeoToolzServer

#if canImport(Glibc)
    import Glibc
#endif

enum RedisTestError: Error, CustomStringConvertible {
    case notReady(String)
    var description: String {
        switch self {
        case .notReady(let context): "redis-server did not become ready: \(context)"
        }
    }
}

/// A real `redis-server` on a loopback port, without persistence, owned by one test.
final class RedisServerProcess {
    let port: Int
    /// The password clients must give; nil lets anyone in.
    let password: String?
    /// The Unix socket it also listens on.
    let socketPath: String
    private var process: Process?
    /// The server's own process id (the launched process is `timeout`).
    private var serverProcessID: Int32?

    init(port: Int = freeLoopbackPort(), password: String? = nil) {
        self.port = port
        self.password = password
        socketPath = NSTemporaryDirectory() + "geotoolz-test-redis-\(port).sock"
    }

    var url: RedisURL { RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), password: password) }

    /// Starts the server and waits until it answers.
    func start() throws {
        let process = Process()
        // `timeout` kills the server even if the test process crashes before `kill` runs.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            [
                "--signal=KILL", "120", Self.executable,
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning", "--enable-debug-command", "yes",
                "--unixsocket", socketPath, "--unixsocketperm", "700",
            ] + (password.map { ["--requirepass", $0] } ?? [])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        var lastError = "no attempt"
        while Date() < deadline {
            guard process.isRunning else { throw RedisTestError.notReady("exited with \(process.terminationStatus)") }
            do {
                let connection = try RedisConnection(
                    url: url, connectTimeout: .milliseconds(200), commandTimeout: .milliseconds(500))
                if case .bulk(let info) = try connection.run(["INFO", "server"]),
                    let line = String(buffer: info).split(whereSeparator: \.isNewline)
                        .first(where: { $0.hasPrefix("process_id:") }),
                    let id = Int32(line.dropFirst("process_id:".count))
                {
                    serverProcessID = id
                    return
                }
            } catch {
                lastError = "\(error)"
            }
            Thread.sleep(forTimeInterval: 0.02)
        }
        throw RedisTestError.notReady(lastError)
    }

    /// Kills the server at once (SIGKILL), as a crash or the OOM killer would.
    func kill() {
        guard let process else { return }
        // Signal the server itself: killing `timeout` would leave it running.
        _ = Glibc.kill(serverProcessID ?? process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
        serverProcessID = nil
        // A killed server leaves its socket file behind.
        try? FileManager.default.removeItem(atPath: socketPath)
    }

    /// A new connection for raw commands (its own, not the cache's).
    func connect(timeout: Duration = .seconds(5)) throws -> RedisConnection {
        try RedisConnection(url: url, connectTimeout: timeout, commandTimeout: timeout)
    }

    deinit {
        kill()
    }

    static let executable =
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "redis-server"
}

/// A TCP peer that is not a working Redis: one that accepts and never answers, or one that
/// answers every request with bytes that are not the Redis protocol.
final class FakeRedisPeer {
    enum Behaviour {
        case silent
        case garbage
    }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    let port: Int

    init(_ behaviour: Behaviour) throws {
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeRedisHandler(behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    var url: RedisURL { RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port)) }

    func stop() throws {
        try channel.close().wait()
        try group.syncShutdownGracefully()
    }
}

private final class FakeRedisHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let behaviour: FakeRedisPeer.Behaviour

    init(behaviour: FakeRedisPeer.Behaviour) {
        self.behaviour = behaviour
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard behaviour == .garbage else { return }
        var junk = context.channel.allocator.buffer(capacity: 64)
        junk.writeBytes([0x00, 0xFF, 0x13, 0x37])
        junk.writeString("HTTP/1.1 400 Bad Request\r\n\r\n")
        context.writeAndFlush(wrapOutboundOut(junk), promise: nil)
    }
}

/// Keeps every log message, to count the lines a state change writes.
final class LogRecorder: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    var logger: Logger {
        Logger(label: "test.redis") { _ in RecordingLogHandler(recorder: self) }
    }

    var messages: [String] { lines.withLockedValue { $0 } }

    func count(_ message: String) -> Int { messages.filter { $0 == message }.count }

    fileprivate func record(_ message: String) {
        lines.withLockedValue { $0.append(message) }
    }
}

private struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.record(event.message.description)
    }
}

/// The value of `geotoolz_redis_errors_total{kind=…}`, 0 when never counted.
func redisErrorCount(_ metrics: ServerMetrics, kind: String) -> Double {
    let prefix = "\(RedisTileCache.errorsMetric){kind=\"\(kind)\"} "
    for line in metrics.exposition().split(separator: "\n") where line.hasPrefix(prefix) {
        return Double(line.dropFirst(prefix.count)) ?? 0
    }
    return 0
}

/// The value of `geotoolz_cache_lookups_total` for Redis with `result`, 0 when never counted.
func redisLookupCount(_ metrics: ServerMetrics, result: String) -> Double {
    for line in metrics.exposition().split(separator: "\n")
    where line.hasPrefix("geotoolz_cache_lookups_total{") && line.contains("level=\"redis\"")
        && line.contains("result=\"\(result)\"")
    {
        return Double(line.split(separator: " ").last ?? "") ?? 0
    }
    return 0
}

/// Polls `condition` until it holds or `timeout` passes; whether it held.
func eventually(timeout: TimeInterval = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.02)
    }
    return try condition()
}

/// A tile key in `layer`.
func tileKey(_ layer: String = "dem", z: Int = 3, x: Int = 1, y: Int = 2) -> TileKey {
    TileKey(layer: layer, configHash: "c0ffee", dataIdentity: "d1", tile: TileAddress(z: z, x: x, y: y))
}

/// A tile of `size` pseudo-random bytes starting with the PNG signature, with warnings.
func sampleTile(size: Int = 4096, seed: UInt8 = 7, warnings: [String] = ["nodata at edge", "clipped: 3 px ≥ max"])
    -> CachedTile
{
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var state = UInt32(seed) &+ 1
    while bytes.count < size {
        state = state &* 1_664_525 &+ 1_013_904_223
        bytes.append(UInt8(truncatingIfNeeded: state >> 24))
    }
    return CachedTile(png: ByteBuffer(bytes: bytes), warnings: warnings)
}
