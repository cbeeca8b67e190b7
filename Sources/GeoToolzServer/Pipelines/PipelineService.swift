import GeoToolz
import GeoToolzCache
import GeoToolzIO
import NIOCore

/// Pipelines posted by users: checked, built into layers and stored; and resolved again by id.
///
/// Parsing and building run on the render threads, never on an event loop, and wait in the
/// render queue like tiles, so a flood of posts meets the same back-pressure. A built layer is
/// kept for its recipe and the exact base layer it was built on: when the base layer reloads,
/// the pipeline is built again on the new one.
final class PipelineService: Sendable {
    /// A pipeline ready to draw tiles.
    struct Resolved: Sendable {
        let recipe: PipelineRecipe
        let layer: Layer
    }

    /// Why a pipeline was refused or cannot be served.
    enum Refusal: Error, Sendable {
        /// Posting pipelines is turned off.
        case disabled
        /// A token is needed and was missing or wrong.
        case unauthorized
        /// Token mode with no token configured: nobody can post.
        case noTokenConfigured
        /// Too many posts from this client; retry after this many seconds.
        case rateLimited(retryAfter: Int)
        /// The client already has this many pipelines stored.
        case quota(Int)
        /// The document or its pipeline is refused.
        case invalid(ConfigError)
        /// The pipeline's layer is not served.
        case unknownLayer(String)
        /// The pipeline's layer cannot read its data now.
        case layerUnavailable(String)
        /// The render queue is full.
        case busy
        /// No pipeline has this id.
        case notFound(String)
    }

    let settings: PipelineSettings
    let access: PipelineSettings.Access
    private let store: PipelineStore
    private let built: LRUCache<String, Layer>
    private let registry: LayerRegistry
    private let pool: RenderPool
    private let loader: PipelineLoader
    private let uploads: ClientRateLimiter
    private let validations: ClientRateLimiter

    init(
        settings: PipelineSettings, host: String, registry: LayerRegistry, pool: RenderPool,
        redis: RedisTileCache?, operators: OperatorRegistry = .standard
    ) {
        self.settings = settings
        self.access = settings.access(bindingTo: host)
        self.registry = registry
        self.pool = pool
        store = PipelineStore(capacity: settings.storeCapacity, perClient: settings.perClient, redis: redis)
        built = LRUCache(capacity: settings.storeCapacity)
        loader = PipelineLoader(registry: operators, limits: settings.limits)
        uploads = ClientRateLimiter(perMinute: settings.uploadsPerMinute, burst: settings.uploadsPerMinute)
        validations = ClientRateLimiter(perMinute: settings.validationsPerMinute, burst: settings.validationsPerMinute)
    }

    /// Whether a client sending `authorization` (the `Authorization` header) may post.
    func authorize(_ authorization: String?) -> Refusal? {
        switch access {
        case .off: return .disabled
        case .open: return nil
        case .token:
            guard let token = settings.token, !token.isEmpty else { return .noTokenConfigured }
            guard let authorization, authorization.hasPrefix("Bearer "),
                Self.constantTimeEqual(Array(authorization.utf8.dropFirst(7)), Array(token.utf8))
            else { return .unauthorized }
            return nil
        }
    }

    /// Checks and builds a posted document; with `store`, keeps it (memory and Redis) too.
    /// Completes with the pipeline, or fails with a `Refusal`.
    func submit(_ text: String, store keep: Bool, client: String, on eventLoop: any EventLoop)
        -> EventLoopFuture<Resolved>
    {
        if let wait = (keep ? uploads : validations).take(client) {
            return eventLoop.makeFailedFuture(Refusal.rateLimited(retryAfter: wait))
        }
        let built = build(on: eventLoop) {
            [loader] () throws(Refusal) -> (PipelineRecipe, any Operator, ConfigDocument?) in
            do throws(ConfigError) {
                let read = try PipelineRecipe.read(text, loader: loader)
                return (read.recipe, read.pipeline, read.document)
            } catch {
                throw .invalid(error)
            }
        }
        guard keep else { return built }
        return built.flatMap { (resolved: Resolved) -> EventLoopFuture<Resolved> in
            self.store.store(resolved.recipe, client: client, on: eventLoop).map { _ in resolved }
                .flatMapErrorThrowing { error in
                    if case PipelineStore.StoreRefusal.quota(let limit) = error { throw Refusal.quota(limit) }
                    throw error
                }
        }
    }

    /// The built pipeline under `id`, when it is ready in memory: the fast path of a tile.
    func ready(_ id: String) -> Resolved? {
        guard let recipe = store.recipe(id), let base = registry.snapshot.layers[recipe.layer],
            let layer = built.get(Self.builtKey(id, base))
        else { return nil }
        return Resolved(recipe: recipe, layer: layer)
    }

    /// The pipeline under `id`, from memory or Redis, built on the layer now served.
    func resolve(_ id: String, on eventLoop: any EventLoop) -> EventLoopFuture<Resolved> {
        if let ready = ready(id) { return eventLoop.makeSucceededFuture(ready) }
        let text: EventLoopFuture<String?>
        if let recipe = store.recipe(id) {
            text = eventLoop.makeSucceededFuture(CanonicalJSON.string(recipe.config))
        } else {
            text = store.storedText(id, on: eventLoop)
        }
        return text.flatMap { [loader, store] text in
            guard let text else { return eventLoop.makeFailedFuture(Refusal.notFound(id)) }
            return self.build(on: eventLoop) { () throws(Refusal) -> (PipelineRecipe, any Operator, ConfigDocument?) in
                guard let read = try? PipelineRecipe.read(text, loader: loader), read.recipe.id == id else {
                    // A record that does not hash to its id was not written by a server: ignore it.
                    throw .notFound(id)
                }
                store.remember(read.recipe)
                return (read.recipe, read.pipeline, nil)
            }
        }
    }

    /// Runs `read` then builds its pipeline on its layer, on a render thread.
    private func build(
        on eventLoop: any EventLoop,
        _ read: @escaping @Sendable () throws(Refusal) -> (PipelineRecipe, any Operator, ConfigDocument?)
    ) -> EventLoopFuture<Resolved> {
        let promise = eventLoop.makePromise(of: Resolved.self)
        let accepted = pool.submit { [self] in
            do throws(Refusal) {
                let (recipe, pipeline, document) = try read()
                promise.succeed(try layer(recipe, pipeline, document))
            } catch {
                promise.fail(error)
            }
        }
        if !accepted { promise.fail(Refusal.busy) }
        return promise.futureResult
    }

    /// The layer drawing `recipe`: its base layer with the recipe's pipeline, checked against
    /// the limits on posted pipelines.
    private func layer(_ recipe: PipelineRecipe, _ pipeline: any Operator, _ document: ConfigDocument?)
        throws(Refusal) -> Resolved
    {
        let snapshot = registry.snapshot
        guard let base = snapshot.layers[recipe.layer] else { throw .unknownLayer(recipe.layer) }
        guard snapshot.unavailable[recipe.layer] == nil else { throw .layerUnavailable(recipe.layer) }
        let key = Self.builtKey(recipe.id, base)
        if let layer = built.get(key) { return Resolved(recipe: recipe, layer: layer) }
        let at = ConfigPath(root: "").appending("pipeline")
        let halo = pipeline.halo
        guard halo <= settings.maxHalo else {
            throw .invalid(
                locate(
                    ConfigError(
                        "the pipeline reads \(halo) pixels around a tile; posted pipelines may read at most "
                            + "\(settings.maxHalo)", at: at), in: document))
        }
        let layer: Layer
        do {
            layer = try base.derived { definition in definition.pipeline = pipeline }
        } catch {
            throw .invalid(locate(Self.reRooted(error), in: document))
        }
        // Two tensors of every band read over the padded window of an @2x tile: the input of an
        // operator and its output.
        let side = Layer.scales.upperBound * WebMercatorQuad.tileSize + 2 * halo
        let bytes = 2 * max(layer.bandsRead, 4) * side * side * MemoryLayout<Float>.size
        guard bytes <= settings.maxRenderBytes else {
            throw .invalid(
                locate(
                    ConfigError(
                        "a render would hold about \(bytes >> 20) MB (\(layer.bandsRead) bands over \(side)×\(side) "
                            + "pixels); posted pipelines may use \(settings.maxRenderBytes >> 20) MB", at: at),
                    in: document))
        }
        built.set(key, layer)
        return Resolved(recipe: recipe, layer: layer)
    }

    private func locate(_ error: ConfigError, in document: ConfigDocument?) -> ConfigError {
        document?.locate(error) ?? error
    }

    /// A layer's errors name `layer.pipeline…`; in a posted document the same place is `pipeline…`.
    private static func reRooted(_ error: ConfigError) -> ConfigError {
        guard error.path.root == "layer", case .key("pipeline") = error.path.components.first else { return error }
        var moved = error
        moved.path = ConfigPath(root: "", components: error.path.components)
        moved.location = nil
        return moved
    }

    private static func builtKey(_ id: String, _ base: Layer) -> String {
        "\(id):\(base.configHash):\(base.dataIdentity)"
    }

    private static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
