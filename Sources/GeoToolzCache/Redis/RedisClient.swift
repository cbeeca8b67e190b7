import NIOCore

/// Redis as the caches use it: one server over one connection, or a Redis Cluster whose every
/// command goes to the master of its key's slot. The URL says which (`redis+cluster://`).
///
/// Not thread-safe: use it from one thread at a time. After an error that breaks a connection
/// (`RedisError.breaksConnection`) drop it and open a new one, as with `RedisConnection`.
public enum RedisClient {
    case server(RedisConnection)
    case cluster(RedisClusterClient)

    /// Connects to the server, or reads the cluster's slot map; the timeouts hold for every
    /// connection, to each node of a cluster too.
    public init(url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) {
        if case .cluster = url.endpoint {
            self = .cluster(
                try RedisClusterClient(url: url, connectTimeout: connectTimeout, commandTimeout: commandTimeout))
        } else {
            self = .server(
                try RedisConnection(url: url, connectTimeout: connectTimeout, commandTimeout: commandTimeout))
        }
    }

    /// Runs a command of one word and one key (GET, EXISTS, TTL, STRLEN…).
    public func run(_ command: StaticString, key: String) throws(RedisError) -> RedisReply {
        switch self {
        case .server(let connection): try connection.run(command, key: key)
        case .cluster(let client): try client.run(command, key: key)
        }
    }

    /// Runs `arguments`, a command naming `key` among them (`GETRANGE key 0 21`): in a cluster,
    /// on the master of `key`'s slot.
    public func run(_ arguments: [String], routedBy key: String) throws(RedisError) -> RedisReply {
        switch self {
        case .server(let connection): try connection.run(arguments)
        case .cluster(let client): try client.run(arguments, routedBy: key)
        }
    }

    /// `SET key value [EX seconds]`, sending `value`'s bytes as they are.
    public func set(_ key: String, value: ByteBuffer, expireSeconds: Int?) throws(RedisError) -> RedisReply {
        switch self {
        case .server(let connection): try connection.set(key, value: value, expireSeconds: expireSeconds)
        case .cluster(let client): try client.set(key, value: value, expireSeconds: expireSeconds)
        }
    }

    /// PINGs the server, or every master of the cluster: Redis is usable only when each slot's
    /// master answers. Throws unless every answer is a status.
    public func ping() throws(RedisError) {
        switch self {
        case .server(let connection): try Self.expectPong(try connection.run(["PING"]))
        case .cluster(let client):
            for master in client.masters {
                try Self.expectPong(try client.run(["PING"], on: master))
            }
        }
    }

    private static func expectPong(_ reply: RedisReply) throws(RedisError) {
        switch reply {
        case .status: return
        case .error(let message): throw .reply("PING: \(message)")
        default: throw .protocolViolation("PING answered \(reply)")
        }
    }
}
