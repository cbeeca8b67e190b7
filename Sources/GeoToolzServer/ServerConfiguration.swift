import GeoToolzCache
import NIOCore

/// Everything `geotoolz serve` can be told, with defaults fit for one machine.
public struct ServerConfiguration: Sendable {
    /// Address to bind.
    public var host = "127.0.0.1"
    /// Port to bind; 0 picks a free one.
    public var port = 8080
    /// Threads rendering tiles (defaults to the core count).
    public var renderThreads = System.coreCount
    /// Event loop threads accepting and answering connections.
    public var eventLoopThreads = System.coreCount
    /// Render jobs that may wait for a thread before the server answers 503.
    public var renderQueueCapacity = 256
    /// The longest one tile's render may take, from the moment a render thread takes it up;
    /// past it the render is abandoned and answered 503 with `Retry-After`.
    ///
    /// 5 s: a hundred times the slowest demo tile, so a busy machine never trips it on an
    /// honest pipeline, yet short enough that a pipeline built to be slow holds a render
    /// thread for seconds, not minutes; and below the 10 s a graceful stop waits for requests
    /// under way (`HTTPLimits.drainTimeout`), so every render under way at a stop is answered.
    public var renderBudget = Duration.seconds(5)
    /// `Cache-Control: max-age` of tiles, in seconds.
    public var tileMaxAge = 3600
    /// `Access-Control-Allow-Origin`; nil sends no CORS header.
    public var corsOrigin: String? = "*"
    /// Folder served at `/static/` (and `/` as its `index.html`); nil serves no files.
    public var staticDirectory: String? = "static"
    /// Folder holding Leaflet's files, served at `/vendor/leaflet/` when present.
    public var leafletDirectory: String? = "/usr/share/javascript/leaflet"
    /// Folder holding MapLibre GL JS (`make data` fetches it), served at `/vendor/maplibre/` when present.
    public var maplibreDirectory: String? = "vendor/maplibre"
    /// An XYZ tile URL template the viewer draws under the layers (`BasemapTemplate`); nil draws none.
    public var basemap: String?
    /// Bytes the in-process tile cache may hold; 0 disables it.
    public var memoryCacheBytes = 32 << 20
    /// The shared Redis cache behind the in-process one; nil runs without it.
    public var redis: RedisCacheConfiguration?
    /// How often the layers' source files are checked for changes; zero turns checking off.
    public var sourceCheckInterval = Duration.seconds(1)
    /// HTTP limits against slow or hostile clients.
    public var limits = HTTPLimits()
    /// Pipelines posted by users: who may, and within what bounds.
    public var pipelines = PipelineSettings()
    /// Bounds on `/bbox`, `/preview.png` and `/statistics`.
    public var queries = QueryLimits()

    public init() {}
}

/// Bounds on what one client may make the server hold.
public struct HTTPLimits: Sendable {
    /// Longest request target (path and query), in bytes; longer gets 414.
    public var maxRequestTargetBytes = 2048
    /// Largest header block, in bytes; larger is refused and the connection closed.
    public var maxHeaderBytes = 16 * 1024
    /// Seconds a request may take to arrive whole (head and body), from its first byte.
    public var requestTimeout: Int64 = 30
    /// Seconds a connection with no request under way stays open (keep-alive included).
    public var idleTimeout: Int64 = 60
    /// Seconds the client may leave a response unread before the connection is cut.
    public var writeTimeout: Int64 = 30
    /// Seconds a graceful stop waits for requests under way before closing every connection.
    public var drainTimeout: Int64 = 10
    /// Open connections at most; more are closed on accept.
    public var maxConnections = 4096

    public init() {}
}
