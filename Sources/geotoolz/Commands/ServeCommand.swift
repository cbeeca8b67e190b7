import ArgumentParser
import Dispatch
import Foundation
import GeoToolzIO
import GeoToolzServer
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz serve`: the tile server.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the layers as XYZ tiles over HTTP.",
        discussion: """
            SIGHUP reloads every layer file at once (a bad file leaves the running layers serving);
            SIGTERM and SIGINT let requests under way finish, then exit.
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("static"), help: "The viewer's folder, served at / and /static/.")
    var staticDirectory = "static"

    @Option(help: "Render threads (default: the number of cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Renders that may wait for a thread; more are answered 503.")
    var queue = ServerConfiguration().renderQueueCapacity

    @Option(help: "Cache-Control max-age of tiles, in seconds.")
    var maxAge = ServerConfiguration().tileMaxAge

    @Option(help: "Access-Control-Allow-Origin of every response; 'none' sends none.")
    var cors = "*"

    @Option(help: "Megabytes of tiles the in-process cache holds (0 turns it off).")
    var memoryCache = ServerConfiguration().memoryCacheBytes >> 20

    @Option(help: "A Redis shared by every server process, e.g. redis://127.0.0.1:6379/0.")
    var redis: String?

    @Option(help: "Milliseconds a Redis call may take before the tile is rendered instead.")
    var redisTimeout = 100

    @Option(help: "Seconds a connection may take to send a request head (also the keep-alive idle time).")
    var headTimeout = HTTPLimits().requestHeadTimeout

    @Option(help: "Open connections at most.")
    var maxConnections = HTTPLimits().maxConnections

    @Option(help: "Log level: trace, debug (one line per request), info, notice, warning, error.")
    var logLevel = "info"

    func run() throws {
        guard let level = Logger.Level(rawValue: logLevel) else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue))")
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "geotoolz")
        let configuration = try makeConfiguration()
        let layers = try catalog.loadOrExit(renderThreads: configuration.renderThreads)

        let server: TileServer
        do {
            server = try TileServer(configuration: configuration, layers: layers.layers, logger: logger)
        } catch {
            printError("error: cannot serve on \(host):\(port): \(error)")
            throw ExitCode.failure
        }
        logger.info("serving \(layers.layers.count) layers at http://\(host):\(server.port)/")
        for layer in layers.layers {
            logger.info(
                "layer \(layer.name): zooms \(layer.minZoom)–\(layer.maxZoom), config \(layer.configHash.prefix(16))")
        }

        let stopped = DispatchSemaphore(value: 0)
        let signals = SignalHandlers()
        signals.on(SIGHUP) {
            do {
                let reloaded = try catalog.load(renderThreads: configuration.renderThreads)
                server.replaceLayers(reloaded.layers)
                logger.info("reloaded \(reloaded.layers.count) layers")
            } catch {
                logger.error("reload refused, still serving the previous layers: \(error)")
            }
        }
        let stop: @Sendable () -> Void = {
            logger.info("stopping: finishing requests under way")
            do { try server.shutdown() } catch { logger.error("unclean stop: \(error)") }
            logger.info("stopped")
            stopped.signal()
        }
        signals.on(SIGTERM, once: true, stop)
        signals.on(SIGINT, once: true, stop)
        stopped.wait()
    }

    private func makeConfiguration() throws -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.staticDirectory = staticDirectory
        configuration.renderThreads = max(1, threads)
        configuration.renderQueueCapacity = max(1, queue)
        configuration.tileMaxAge = maxAge
        configuration.corsOrigin = cors == "none" ? nil : cors
        configuration.memoryCacheBytes = max(0, memoryCache) << 20
        configuration.limits.requestHeadTimeout = headTimeout
        configuration.limits.maxConnections = maxConnections
        if let redis {
            do {
                var cache = RedisCacheConfiguration(url: try RedisURL(parsing: redis))
                cache.connectTimeout = .milliseconds(Int64(redisTimeout))
                cache.commandTimeout = .milliseconds(Int64(redisTimeout))
                configuration.redis = cache
            } catch {
                throw ValidationError("--redis: \(error)")
            }
        }
        return configuration
    }
}

/// Runs closures on POSIX signals, off any event loop.
final class SignalHandlers: @unchecked Sendable {
    private let queue = DispatchQueue(label: "geotoolz.signals")
    private var sources: [any DispatchSourceSignal] = []

    /// Calls `action` on every delivery of `signal` (or the first only, with `once`).
    func on(_ signal: Int32, once: Bool = false, _ action: @escaping @Sendable () -> Void) {
        Glibc.signal(signal, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: signal, queue: queue)
        nonisolated(unsafe) var fired = false
        source.setEventHandler {
            if once && fired { return }
            fired = true
            action()
        }
        source.resume()
        sources.append(source)
    }
}
