import NIOCore

/// Counts and removes a layer's cached tiles (`geotoolz cache stats|purge`).
///
/// Walks the keyspace with `SCAN … MATCH`, never `KEYS`, so a large Redis keeps serving other
/// clients meanwhile; removes with `UNLINK`, which frees memory off Redis's main thread. In a
/// Redis Cluster it walks every master in turn and sums what they hold.
/// Not thread-safe: it owns its connections.
public final class RedisKeyspace {
    /// A layer's share of the cache.
    public struct LayerStats: Sendable, Equatable {
        /// Keys found.
        public var keys: Int
        /// Sum of the values' lengths (`STRLEN`), without Redis's per-key overhead.
        public var bytes: Int

        public init(keys: Int, bytes: Int) {
            self.keys = keys
            self.bytes = bytes
        }
    }

    /// The server, or each master of the cluster.
    private let connections: [RedisConnection]
    /// Keys asked for per SCAN step, and removed per UNLINK round trip.
    public let batchSize: Int

    /// Connects to the server, or to every master of the cluster; the timeouts are generous, as
    /// this runs from the command line, not in a request.
    public init(url: RedisURL, timeout: Duration = .seconds(5), batchSize: Int = 1000) throws(RedisError) {
        switch try RedisClient(url: url, connectTimeout: timeout, commandTimeout: timeout) {
        case .server(let connection): connections = [connection]
        case .cluster(let client):
            var connections: [RedisConnection] = []
            for master in client.masters {
                connections.append(
                    try RedisConnection(url: master.url(in: url), connectTimeout: timeout, commandTimeout: timeout))
            }
            self.connections = connections
        }
        self.batchSize = max(batchSize, 1)
    }

    /// How many tiles of `layer` Redis holds, and their bytes.
    public func stats(layer: String) throws(RedisError) -> LayerStats {
        var stats = LayerStats(keys: 0, bytes: 0)
        try forEachBatch(layer: layer) { connection, keys throws(RedisError) in
            let lengths = try connection.pipeline(keys.map { [Array("STRLEN".utf8), $0] })
            for length in lengths {
                // A key removed between SCAN and STRLEN has length 0; it is not counted.
                guard case .integer(let bytes) = length, bytes > 0 else { continue }
                stats.keys += 1
                stats.bytes += Int(bytes)
            }
        }
        return stats
    }

    /// Removes every tile of `layer`; returns how many keys were removed.
    public func purge(layer: String) throws(RedisError) -> Int {
        var removed = 0
        try forEachBatch(layer: layer) { connection, keys throws(RedisError) in
            // One UNLINK per key, pipelined: a cluster refuses one command over keys of several slots.
            for reply in try connection.pipeline(keys.map { [Array("UNLINK".utf8), $0] }) {
                switch reply {
                case .integer(let count): removed += Int(count)
                case .error(let message): throw .reply("UNLINK: \(message)")
                case let reply: throw .protocolViolation("UNLINK answered \(reply)")
                }
            }
        }
        return removed
    }

    /// The SCAN pattern matching `layer`'s keys, its glob characters escaped.
    public static func matchPattern(layer: String) -> String {
        var escaped = ""
        for character in layer {
            if "*?[]\\".contains(character) { escaped.append("\\") }
            escaped.append(character)
        }
        return "gz:tile:\(escaped):*"
    }

    /// Runs `body` on each batch of keys SCAN finds for `layer`, with the connection to the
    /// server holding them. SCAN may return a key twice; harmless for UNLINK, and rare enough
    /// for counting.
    private func forEachBatch(
        layer: String, _ body: (RedisConnection, [[UInt8]]) throws(RedisError) -> Void
    ) throws(RedisError) {
        for connection in connections {
            try forEachBatch(layer: layer, on: connection) { keys throws(RedisError) in try body(connection, keys) }
        }
    }

    private func forEachBatch(
        layer: String, on connection: RedisConnection, _ body: ([[UInt8]]) throws(RedisError) -> Void
    ) throws(RedisError) {
        let pattern = Self.matchPattern(layer: layer)
        let count = String(batchSize)
        var cursor = "0"
        repeat {
            let reply = try connection.run(["SCAN", cursor, "MATCH", pattern, "COUNT", count])
            guard case .array(let parts) = reply, parts.count == 2, let next = parts[0].text,
                case .array(let found) = parts[1]
            else {
                if case .error(let message) = reply { throw .reply("SCAN: \(message)") }
                throw .protocolViolation("SCAN answered \(reply)")
            }
            let keys = found.compactMap { element -> [UInt8]? in
                guard case .bulk(let key) = element else { return nil }
                return Array(key.readableBytesView)
            }
            if !keys.isEmpty { try body(keys) }
            cursor = next
        } while cursor != "0"
    }
}
