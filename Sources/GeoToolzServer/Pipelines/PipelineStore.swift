import GeoToolz
import GeoToolzCache
import NIOConcurrencyHelpers
import NIOCore

/// Posted pipelines by id: the recently used in memory, every one in Redis when configured, so
/// every server process sharing that Redis resolves every id.
///
/// Ids are content hashes, so a record found under an id is checked against it before use.
final class PipelineStore: Sendable {
    /// A recipe and the client address that first posted it.
    struct Entry: Sendable {
        let recipe: PipelineRecipe
        let client: String
    }

    /// Why a recipe was not stored.
    enum StoreRefusal: Error {
        /// The client already has this many pipelines in memory.
        case quota(Int)
    }

    private let memory: LRUCache<String, Entry>
    private let perClientLimit: Int
    private let perClient = NIOLockedValueBox([String: Int]())
    private let redis: RedisTileCache?

    init(capacity: Int, perClient: Int, redis: RedisTileCache?) {
        memory = LRUCache(capacity: capacity)
        perClientLimit = perClient
        self.redis = redis
    }

    /// The Redis key of a pipeline.
    static func redisKey(_ id: String) -> String { "gz:pipeline:\(id)" }

    /// The recipe under `id` held in memory.
    func recipe(_ id: String) -> PipelineRecipe? { memory.get(id)?.recipe }

    /// The stored text of the recipe under `id` in Redis: nil when absent or Redis cannot say.
    func storedText(_ id: String, on eventLoop: any EventLoop) -> EventLoopFuture<String?> {
        guard let redis else { return eventLoop.makeSucceededFuture(nil) }
        return redis.record(Self.redisKey(id), on: eventLoop).map { lookup in
            guard case .found(let buffer) = lookup else { return nil }
            return buffer.getString(at: buffer.readerIndex, length: buffer.readableBytes)
        }
    }

    /// Keeps `recipe` in memory (for `client`, within its quota, unless already held) and in
    /// Redis; completes with whether Redis took it (false without Redis).
    func store(_ recipe: PipelineRecipe, client: String, on eventLoop: any EventLoop) -> EventLoopFuture<Bool> {
        if memory.get(recipe.id) == nil {
            let admitted = perClient.withLockedValue { counts in
                guard counts[client, default: 0] < perClientLimit else { return false }
                counts[client, default: 0] += 1
                return true
            }
            guard admitted else { return eventLoop.makeFailedFuture(StoreRefusal.quota(perClientLimit)) }
            if let dropped = memory.set(recipe.id, Entry(recipe: recipe, client: client)) {
                release(dropped.value.client)
            }
        }
        guard let redis else { return eventLoop.makeSucceededFuture(false) }
        let text = CanonicalJSON.string(recipe.config)
        return redis.storeRecord(Self.redisKey(recipe.id), ByteBuffer(string: text), on: eventLoop)
    }

    /// Keeps a recipe read back from Redis in memory, counted for nobody.
    func remember(_ recipe: PipelineRecipe) {
        guard memory.get(recipe.id) == nil else { return }
        if let dropped = memory.set(recipe.id, Entry(recipe: recipe, client: "")) { release(dropped.value.client) }
    }

    private func release(_ client: String) {
        perClient.withLockedValue { counts in
            guard let count = counts[client] else { return }
            counts[client] = count > 1 ? count - 1 : nil
        }
    }
}
