/// One node of a Redis Cluster, as clients reach it: a host and a port.
public struct RedisClusterNode: Hashable, Sendable, CustomStringConvertible {
    public let host: String
    public let port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// `host:port`, an IPv6 host in brackets.
    public var description: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    /// The URL of this node alone, logging in as `cluster` says: every node of a cluster shares
    /// its users and passwords.
    public func url(in cluster: RedisURL) -> RedisURL {
        RedisURL(endpoint: .tcp(host: host, port: port), username: cluster.username, password: cluster.password)
    }
}
