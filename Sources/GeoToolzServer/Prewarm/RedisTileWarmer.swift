import GeoToolzIO

/// Renders tiles in this process and stores them in Redis, through the same render-to-cache
/// step as the server (`TileRender`), so every tile stored is a Redis hit for a server of the
/// same layers.
public final class RedisTileWarmer: TileWarmer {
    private let layers: [String: Layer]
    private let cache: RedisTileCache
    private let scale: Int
    private let force: Bool

    /// Warms `layers` at `scale` into `cache`; with `force`, tiles already cached are rendered
    /// and stored again.
    public init(layers: [Layer], cache: RedisTileCache, scale: Int, force: Bool) {
        self.layers = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.cache = cache
        self.scale = scale
        self.force = force
    }

    public func makeWorker() -> any TileWarmingWorker {
        Worker(self)
    }

    /// Fails unless Redis at `url` answers PING within `timeout`: a seeding run has no use for
    /// an unreachable cache.
    public static func checkReachable(_ url: RedisURL, timeout: Duration = .seconds(3)) throws(PrewarmError) {
        do {
            let connection = try RedisConnection(url: url, connectTimeout: timeout, commandTimeout: timeout)
            let reply = try connection.run(["PING"])
            guard case .status = reply else { throw RedisError.protocolViolation("PING answered \(reply)") }
        } catch {
            throw PrewarmError("cannot reach Redis at \(url): \(error)")
        }
    }

    fileprivate func warm(_ item: TilePlan.Item, of extent: LayerExtent) -> TileOutcome {
        guard let layer = layers[extent.name] else { return .failed("no layer '\(extent.name)' is loaded") }
        guard layer.serves(item.tile) else { return .outside }
        if !force, cache.exists(TileRender.key(item.tile, scale: scale, of: layer)) == true { return .cached }
        let made: TileRender
        do {
            made = try TileRender(item.tile, scale: scale, of: layer)
        } catch {
            return .failed("render failed: \(error)")
        }
        guard cache.setAndWait(made.key, made.value, ttl: made.ttl) else {
            if case .degraded(let reason) = cache.health { return .failed("Redis did not store the tile: \(reason)") }
            return .failed("Redis did not confirm storing the tile in time")
        }
        return .rendered(bytes: made.rendered.png.count)
    }

    private final class Worker: TileWarmingWorker {
        let warmer: RedisTileWarmer
        init(_ warmer: RedisTileWarmer) { self.warmer = warmer }
        func warm(_ item: TilePlan.Item, of layer: LayerExtent) -> TileOutcome {
            warmer.warm(item, of: layer)
        }
    }
}
