import NIOCore

/// The two tile commands the writers of the cache send, with their replies checked once here:
/// the server's Redis threads and the pre-warming workers.
extension RedisClient {
    /// Stores `tile` under `key` with its header (`TileValueCodec`); it expires after `ttl`
    /// seconds, or never when `ttl` is nil or below 1. Throws unless Redis confirms.
    package func store(
        _ tile: CachedTile, at key: String, ttl: Int?, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws(RedisError) {
        let value = TileValueCodec.encode(tile, allocator: allocator)
        switch try set(key, value: value, expireSeconds: ttl.flatMap { $0 > 0 ? $0 : nil }) {
        case .status: return
        case .error(let message): throw .reply(message)
        case let reply: throw .protocolViolation("SET answered \(reply)")
        }
    }

    /// Whether Redis holds a value under `key`.
    package func exists(_ key: String) throws(RedisError) -> Bool {
        switch try run("EXISTS", key: key) {
        case .integer(let found): return found > 0
        case .error(let message): throw .reply(message)
        case let reply: throw .protocolViolation("EXISTS answered \(reply)")
        }
    }
}
