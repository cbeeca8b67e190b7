import Atomics
import Dispatch
import GeoToolz
import GeoToolzCache
import GeoToolzIO
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOExtras
import NIOHTTP1
import NIOPosix

/// The tile server: an HTTP/1.1 server on SwiftNIO's event loops (epoll on Linux), a bounded
/// pool of render threads, an in-process tile cache, and the registry of layers it serves.
public final class TileServer: Sendable {
    /// The configuration it was started with.
    public let configuration: ServerConfiguration
    /// The layers being served; replace them to reload.
    public let registry: LayerRegistry
    /// The server's metrics.
    public let metrics: ServerMetrics
    private let group: MultiThreadedEventLoopGroup
    private let pool: RenderPool
    private let redis: RedisTileCache?
    private let endpoints: Endpoints
    /// Released before the event loops stop: its deinit needs a running loop.
    private let quiescing: NIOLockedValueBox<ServerQuiescingHelper?>
    private let channel: any Channel
    private let watcher: SourceWatcher?
    private let logger: Logger
    private let stopped = ManagedAtomic(false)

    /// Binds and starts serving. With `reloadLayer`, layers whose source files change are loaded
    /// again through it (see `SourceWatcher`).
    public init(
        configuration: ServerConfiguration, layers: [Layer], logger: Logger = Logger(label: "geotoolz"),
        reloadLayer: SourceWatcher.Reload? = nil
    ) throws {
        self.configuration = configuration
        self.logger = logger
        registry = LayerRegistry(layers)
        pool = RenderPool(threads: configuration.renderThreads, capacity: configuration.renderQueueCapacity)
        let memory =
            configuration.memoryCacheBytes > 0 ? MemoryTileCache(capacityBytes: configuration.memoryCacheBytes) : nil
        let metrics = ServerMetrics()
        self.metrics = metrics
        let shared = configuration.redis.map { RedisTileCache(configuration: $0, metrics: metrics, logger: logger) }
        redis = shared
        let tiles = TileService(
            pool: pool, memory: memory, redis: shared, metrics: metrics, renderBudget: configuration.renderBudget)
        let health = HealthReporter(registry: registry, pool: pool, memory: memory) {
            ["redis": shared?.healthReport ?? RedisTileCache.disabledHealthReport]
        }
        endpoints = Endpoints(
            configuration: configuration, registry: registry, tiles: tiles, metrics: metrics,
            colormaps: try ColormapLegends(), health: health,
            pipelines: PipelineService(
                settings: configuration.pipelines, host: configuration.host, registry: registry, pool: pool,
                redis: shared),
            logger: logger, derived: DerivedLayers(pool: pool))
        group = MultiThreadedEventLoopGroup(numberOfThreads: configuration.eventLoopThreads)
        let quiescing = NIOLockedValueBox<ServerQuiescingHelper?>(ServerQuiescingHelper(group: group))
        self.quiescing = quiescing

        let endpoints = self.endpoints
        let openConnections = ManagedAtomic(0)
        let limits = configuration.limits
        let decoderLimits = {
            var decoderLimits = NIOHTTPDecoderLimitConfiguration()
            decoderLimits.maxHeaderFieldSize = max(limits.maxHeaderBytes, limits.maxRequestTargetBytes)
            decoderLimits.maxHeaderListSize = limits.maxHeaderBytes
            return decoderLimits
        }()
        do {
            channel = try ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 1024)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .serverChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(
                            quiescing.withLockedValue { $0! }.makeServerChannelHandler(channel: channel))
                    }
                }
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                .childChannelOption(.maxMessagesPerRead, value: 16)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        let sync = channel.pipeline.syncOperations
                        try sync.addHandler(ConnectionLimitHandler(open: openConnections, limit: limits.maxConnections))
                        let timeouts = ConnectionTimeoutHandler(
                            idleTimeout: .seconds(limits.idleTimeout), requestTimeout: .seconds(limits.requestTimeout),
                            writeTimeout: .seconds(limits.writeTimeout))
                        try sync.addHandler(timeouts)
                        try sync.configureHTTPServerPipeline(
                            withPipeliningAssistance: true, withErrorHandling: true,
                            withEncoderConfiguration: HTTPResponseEncoder.Configuration(),
                            withDecoderLimitConfiguration: decoderLimits)
                        try sync.addHandler(
                            HTTPHandler(endpoints: endpoints, configuration: configuration, timeouts: timeouts))
                    }
                }
                .bind(host: configuration.host, port: configuration.port).wait()
        } catch {
            // Released before the loops stop, or its deinit warns about a loop that is gone.
            quiescing.withLockedValue { $0 = nil }
            redis?.shutdown()
            pool.shutdown()
            try? group.syncShutdownGracefully()
            throw ListenError(host: configuration.host, port: configuration.port, cause: error)
        }
        if let reloadLayer, configuration.sourceCheckInterval > .zero {
            watcher = SourceWatcher(
                registry: registry, interval: configuration.sourceCheckInterval, logger: logger, reload: reloadLayer)
        } else {
            watcher = nil
        }
    }

    /// The port the server listens on (useful when configured with port 0).
    public var port: Int { channel.localAddress?.port ?? configuration.port }

    /// Replaces every layer at once; requests under way finish with the layers they started with.
    public func replaceLayers(_ layers: [Layer]) {
        registry.replace(with: layers)
    }

    /// Stops accepting connections, lets requests under way finish for at most the drain
    /// timeout, then closes whatever is left and stops every thread.
    public func shutdown() throws {
        guard stopped.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        watcher?.stop()
        let done = group.next().makePromise(of: Void.self)
        if let helper = quiescing.withLockedValue({ helper in
            defer { helper = nil }; return helper
        }) {
            helper.initiateShutdown(promise: done)
        } else {
            done.succeed()
        }
        let drained = DispatchSemaphore(value: 0)
        done.futureResult.whenComplete { _ in drained.signal() }
        if drained.wait(timeout: .now() + .seconds(Int(configuration.limits.drainTimeout))) == .timedOut {
            logger.warning(
                "connections still open after the \(configuration.limits.drainTimeout) s drain time; closing them")
            channel.close(promise: nil)
        }
        // The helper may report done before the listening socket's own close has finished.
        try? channel.closeFuture.wait()
        pool.shutdown()
        redis?.shutdown()
        try group.syncShutdownGracefully()
    }

    /// Waits until the listening socket closes.
    public func waitUntilClosed() throws {
        try channel.closeFuture.wait()
    }
}
