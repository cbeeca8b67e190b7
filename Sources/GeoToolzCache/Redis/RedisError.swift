/// A failed exchange with Redis, sorted by what it says about the server.
public enum RedisError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server could not be reached, refused, or closed the connection.
    case connection(String)
    /// The server did not answer in time.
    case timeout(String)
    /// The peer sent bytes that are not the Redis protocol, or a reply of an unexpected kind.
    case protocolViolation(String)
    /// Redis answered with an error reply (`-ERR …`); the connection is still usable.
    case reply(String)

    /// The `kind` label of `geotoolz_redis_errors_total`.
    public var metricKind: String {
        switch self {
        case .connection: "connect"
        case .timeout: "timeout"
        case .protocolViolation: "protocol"
        case .reply: "reply"
        }
    }

    /// Whether the connection that raised this must be dropped: everything but an error reply,
    /// after which the protocol is still in step.
    public var breaksConnection: Bool {
        if case .reply = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case .connection(let message): "connection failed: \(message)"
        case .timeout(let message): "timed out: \(message)"
        case .protocolViolation(let message): "protocol error: \(message)"
        case .reply(let message): "error reply: \(message)"
        }
    }
}
