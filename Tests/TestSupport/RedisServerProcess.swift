import Foundation
import GeoToolzCache

#if canImport(Glibc)
    import Glibc
#endif

public enum RedisTestError: Error, CustomStringConvertible {
    case notReady(String)
    public var description: String {
        switch self {
        case .notReady(let context): "redis-server did not become ready: \(context)"
        }
    }
}

/// A real `redis-server` on a loopback port, without persistence, owned by one test.
public final class RedisServerProcess {
    public let port: Int
    /// The password clients must give; nil lets anyone in.
    public let password: String?
    /// The Unix socket it also listens on.
    public let socketPath: String
    private var process: Process?
    /// The server's own process id (the launched process is `timeout`).
    private var serverProcessID: Int32?

    /// Further `redis-server` options, e.g. a cluster node's.
    private let extraArguments: [String]

    public init(port: Int = freeLoopbackPort(), password: String? = nil, extraArguments: [String] = []) {
        self.port = port
        self.password = password
        self.extraArguments = extraArguments
        socketPath = NSTemporaryDirectory() + "geotoolz-test-redis-\(port).sock"
    }

    public var url: RedisURL { RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port), password: password) }

    /// Starts the server and waits until it answers.
    public func start() throws {
        let process = Process()
        // `timeout` kills the server even if the test process crashes before `kill` runs.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
        process.arguments =
            [
                "--signal=KILL", "120", Self.executable,
                "--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                "--daemonize", "no", "--loglevel", "warning", "--enable-debug-command", "yes",
                "--unixsocket", socketPath, "--unixsocketperm", "700",
            ] + (password.map { ["--requirepass", $0] } ?? []) + extraArguments
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

    /// Whether the server process is running.
    public var isRunning: Bool { process?.isRunning ?? false }

    /// Kills the server at once (SIGKILL), as a crash or the OOM killer would.
    public func kill() {
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
    public func connect(timeout: Duration = .seconds(5)) throws -> RedisConnection {
        try RedisConnection(url: url, connectTimeout: timeout, commandTimeout: timeout)
    }

    deinit {
        kill()
    }

    public static let executable =
        ["/usr/bin/redis-server", "/usr/local/bin/redis-server", "/usr/sbin/redis-server"]
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "redis-server"
}
