import ArgumentParser
import Dispatch
import Foundation
import GeoToolz
import GeoToolzCache
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
            a layer whose source files change is loaded again by itself within --watch-interval;
            SIGTERM and SIGINT let requests under way finish (at most --drain-timeout), then exit.
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The port to listen on, 1…65535 (0 picks a free one).")
    var port = 8080

    @Option(name: .customLong("static"), help: "The viewer's folder, served at / and /static/.")
    var staticDirectory = "static"

    @Option(
        name: .customLong("maplibre"),
        help: "The folder of MapLibre GL JS (make data fetches it), served at /vendor/maplibre/.")
    var maplibreDirectory = ServerConfiguration().maplibreDirectory ?? "vendor/maplibre"

    @Option(
        help: ArgumentHelp(
            "An XYZ tile URL template the viewer draws under the layers, e.g. https://tiles.example/{z}/{x}/{y}.png.",
            discussion: "http or https, with {z}, {x} and {y}. Default: none, so the viewer needs no network."))
    var basemap: String?

    @Option(parsing: .unconditional, help: "Render threads, 1…\(Self.maxThreads) (default: the number of cores).")
    var threads = ProcessInfo.processInfo.activeProcessorCount

    @Option(parsing: .unconditional, help: "Renders that may wait for a thread; more are answered 503.")
    var queue = ServerConfiguration().renderQueueCapacity

    @Option(parsing: .unconditional, help: "Cache-Control max-age of tiles, in seconds.")
    var maxAge = ServerConfiguration().tileMaxAge

    @Option(help: "Access-Control-Allow-Origin of every response; 'none' sends none.")
    var cors = "*"

    @Option(parsing: .unconditional, help: "Megabytes of tiles the in-process cache holds (0 turns it off).")
    var memoryCache = ServerConfiguration().memoryCacheBytes >> 20

    @Option(
        parsing: .unconditional,
        help: "Megabytes of decoded raster blocks GDAL keeps, shared by every layer and thread.")
    var gdalCache = GDALBlockCache.defaultBytes >> 20

    @Option(
        help: """
            A Redis shared by every server process, e.g. redis://127.0.0.1:6379/0, or a Redis Cluster, \
            e.g. redis+cluster://10.0.0.1:7000,10.0.0.2:7000.
            """)
    var redis: String?

    @Option(parsing: .unconditional, help: "Milliseconds a Redis call may take before the tile is rendered instead.")
    var redisTimeout = 100

    @Option(parsing: .unconditional, help: "Seconds a request may take to arrive whole (head and body).")
    var headTimeout = HTTPLimits().requestTimeout

    @Option(parsing: .unconditional, help: "Seconds a connection with no request under way stays open.")
    var idleTimeout = HTTPLimits().idleTimeout

    @Option(parsing: .unconditional, help: "Seconds a client may leave a response unread before it is cut off.")
    var writeTimeout = HTTPLimits().writeTimeout

    @Option(parsing: .unconditional, help: "Seconds SIGTERM waits for requests under way before closing connections.")
    var drainTimeout = HTTPLimits().drainTimeout

    @Option(parsing: .unconditional, help: "Open connections at most.")
    var maxConnections = HTTPLimits().maxConnections

    @Option(
        parsing: .unconditional,
        help: "Seconds between checks of the layers' source files for changes (0 turns checking off).")
    var watchInterval = 1.0

    @Option(
        help: ArgumentHelp(
            "Who may post pipelines: off, open, or token (a bearer token).",
            discussion: "Default: open when listening on a loopback address, token otherwise."))
    var pipelines: String?

    @Option(
        help: "The bearer token for posting pipelines in token mode (or GEOTOOLZ_PIPELINE_TOKEN, kept out of `ps`).")
    var pipelineToken: String?

    @Option(parsing: .unconditional, help: "Kilobytes a posted pipeline may take, 1…1024.")
    var pipelineBodyLimit = PipelineSettings().maxBodyBytes >> 10

    @Option(parsing: .unconditional, help: "Pipelines one client address may post per minute.")
    var pipelineUploads = PipelineSettings().uploadsPerMinute

    @Option(parsing: .unconditional, help: "Pipelines kept in memory (Redis, when given, keeps every one).")
    var pipelineStore = PipelineSettings().storeCapacity

    @Option(
        parsing: .unconditional,
        help: "Seconds one tile's render may take; past it the render is abandoned and answered 503.")
    var renderBudget = ServerConfiguration().renderBudget.seconds

    @Option(
        parsing: .unconditional,
        help: "Pixels one /bbox or /preview.png image may hold (413 beyond).")
    var queryMaxPixels = QueryLimits().maxPixels

    @Option(
        parsing: .unconditional,
        help: "Pixels one /statistics request may read; larger areas are read from an overview (413 if none fits).")
    var statisticsMaxPixels = QueryLimits().statisticsMaxPixels

    @Option(help: "Log level: trace, debug (one line per request), info, notice, warning, error.")
    var logLevel = "info"

    @Option(help: "Serve only the layer of this artifact (geotoolz artifact freeze), once its inputs' hashes match.")
    var artifact: String?

    /// The pipeline token from the flag, or else from the environment.
    var resolvedPipelineToken: String? {
        pipelineToken ?? ProcessInfo.processInfo.environment["GEOTOOLZ_PIPELINE_TOKEN"]
    }

    /// More render threads than this only add memory (GDAL handles per thread) on any machine.
    static let maxThreads = 256

    func validate() throws {
        try require(port, within: 0...65535, for: "--port", "0 picks a free port")
        try require(threads, within: 1...Self.maxThreads, for: "--threads")
        try require(queue, within: 1...1_000_000, for: "--queue")
        try require(maxAge, within: 0...31_536_000, for: "--max-age", "seconds")
        try require(memoryCache, within: 0...1_048_576, for: "--memory-cache", "megabytes")
        try require(gdalCache, within: 1...1_048_576, for: "--gdal-cache", "megabytes")
        try require(redisTimeout, within: 1...60_000, for: "--redis-timeout", "milliseconds")
        for (flag, value) in [
            ("--head-timeout", headTimeout), ("--idle-timeout", idleTimeout), ("--write-timeout", writeTimeout),
            ("--drain-timeout", drainTimeout),
        ] {
            try require(value, within: 1...86_400, for: flag, "seconds")
        }
        try require(maxConnections, within: 1...1_000_000, for: "--max-connections")
        try require(watchInterval, within: 0...3600, for: "--watch-interval", "seconds")
        try require(pipelineBodyLimit, within: 1...1024, for: "--pipeline-body-limit", "kilobytes")
        try require(pipelineUploads, within: 1...100_000, for: "--pipeline-uploads", "posts per minute")
        try require(pipelineStore, within: 1...1_000_000, for: "--pipeline-store", "pipelines")
        if let pipelines {
            guard let access = PipelineSettings.Access(rawValue: pipelines) else {
                throw ValidationError(
                    "--pipelines must be one of \(PipelineSettings.Access.allCases.map(\.rawValue)), got '\(pipelines)'"
                )
            }
            if access == .token, (resolvedPipelineToken ?? "").isEmpty {
                throw ValidationError("--pipelines token needs --pipeline-token (or GEOTOOLZ_PIPELINE_TOKEN)")
            }
        }
        if let token = resolvedPipelineToken, token.count < 16 {
            throw ValidationError("--pipeline-token must be at least 16 characters")
        }
        try require(renderBudget, within: 0.01...3600, for: "--render-budget", "seconds")
        try require(queryMaxPixels, within: 1...268_435_456, for: "--query-max-pixels", "pixels")
        try require(statisticsMaxPixels, within: 1...268_435_456, for: "--statistics-max-pixels", "pixels")
        if let basemap {
            do { _ = try BasemapTemplate.check(basemap) } catch { throw ValidationError("--basemap: \(error)") }
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue))")
        }
    }

    func run() throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "geotoolz")
        let configuration = try makeConfiguration()
        GDALBlockCache.setCapacity(bytes: gdalCache << 20)
        let served = try artifact.map { try ArtifactServing($0, over: self.catalog) }
        let catalog = served?.catalog ?? self.catalog
        let layers = try catalog.loadOrExit(renderThreads: configuration.renderThreads)
        try served?.check(layers)
        let current = CurrentCatalog(layers)
        // Loading read whole-dataset overviews once; give that memory back before serving.
        MemoryAllocator.releaseFreedMemory()

        let server: TileServer
        do {
            server = try TileServer(
                configuration: configuration, layers: layers.layers, logger: logger,
                reloadLayer: { name in try current.reloadLayer(named: name) })
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        logger.info("serving \(layers.layers.count) layers at http://\(host):\(server.port)/")
        for layer in layers.layers {
            logger.info(
                "layer \(layer.name): zooms \(layer.minZoom)–\(layer.maxZoom), config \(layer.configHash.prefix(16))")
        }
        let access = configuration.pipelines.access(bindingTo: host)
        let noToken = access == .token && (configuration.pipelines.token ?? "").isEmpty
        logger.info("posting pipelines: \(access.rawValue)\(noToken ? " (no token configured: refused)" : "")")

        let stopped = DispatchSemaphore(value: 0)
        let signals = SignalHandlers()
        signals.on(SIGHUP) {
            do {
                let reloaded = try catalog.load(renderThreads: configuration.renderThreads)
                current.replace(with: reloaded)
                server.replaceLayers(reloaded.layers)
                MemoryAllocator.releaseFreedMemory()
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
        configuration.maplibreDirectory = maplibreDirectory
        configuration.basemap = basemap
        configuration.renderThreads = threads
        configuration.renderQueueCapacity = queue
        configuration.tileMaxAge = maxAge
        configuration.corsOrigin = cors == "none" ? nil : cors
        configuration.memoryCacheBytes = memoryCache << 20
        configuration.limits.requestTimeout = headTimeout
        configuration.limits.idleTimeout = idleTimeout
        configuration.limits.writeTimeout = writeTimeout
        configuration.limits.drainTimeout = drainTimeout
        configuration.limits.maxConnections = maxConnections
        configuration.sourceCheckInterval = .milliseconds(Int64((watchInterval * 1000).rounded()))
        configuration.pipelines.access = pipelines.flatMap(PipelineSettings.Access.init(rawValue:))
        configuration.pipelines.token = resolvedPipelineToken
        configuration.pipelines.maxBodyBytes = pipelineBodyLimit << 10
        configuration.pipelines.limits.maxDocumentBytes = pipelineBodyLimit << 10
        configuration.pipelines.uploadsPerMinute = pipelineUploads
        configuration.pipelines.storeCapacity = pipelineStore
        configuration.renderBudget = .milliseconds(Int64((renderBudget * 1000).rounded()))
        configuration.queries.maxPixels = queryMaxPixels
        configuration.queries.statisticsMaxPixels = statisticsMaxPixels
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
