/// Where a Redis server (or cluster) listens and how to log in to it.
///
/// Written `redis://[[user]:password@]host[:port][/db]`, `unix://[[user]:password@]/path[?db=N]`,
/// or `redis+cluster://[[user]:password@]host:port[,host:port…]` for a Redis Cluster, whose
/// nodes are asked in turn for the cluster's slot map (a cluster has database 0 only).
/// TLS (`rediss://`) is not supported.
public struct RedisURL: Sendable, Hashable, CustomStringConvertible {
    /// A TCP host and port, a Unix socket path, or some nodes of a Redis Cluster.
    public enum Endpoint: Sendable, Hashable {
        case tcp(host: String, port: Int)
        case unix(path: String)
        /// Nodes to ask for the cluster's slot map, in this order; any node of the cluster will do.
        case cluster(seeds: [RedisClusterNode])
    }

    /// Why a text is not a Redis URL.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public let text: String
        public let reason: String
        public var description: String { "invalid Redis URL '\(text)': \(reason)" }
    }

    public var endpoint: Endpoint
    /// The ACL user (Redis 6+); nil logs in as the default user.
    public var username: String?
    public var password: String?
    /// The logical database selected after connecting.
    public var database: Int

    public static let defaultPort = 6379

    public init(endpoint: Endpoint, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.endpoint = endpoint
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses `redis://…`, `unix://…` or `redis+cluster://…`.
    public init(parsing text: String) throws(ParseError) {
        func fail(_ reason: String) -> ParseError { ParseError(text: Self.redact(text), reason: reason) }

        let rest: Substring
        let isUnix: Bool
        var isCluster = false
        if text.hasPrefix("redis://") {
            rest = text.dropFirst("redis://".count)
            isUnix = false
        } else if text.hasPrefix("unix://") {
            rest = text.dropFirst("unix://".count)
            isUnix = true
        } else if text.hasPrefix("redis+cluster://") {
            rest = text.dropFirst("redis+cluster://".count)
            isUnix = false
            isCluster = true
        } else if text.hasPrefix("rediss://") {
            throw fail("TLS (rediss://) is not supported; use redis:// or unix://")
        } else {
            throw fail(
                "expected redis://host[:port][/db], unix:///path/to/socket or redis+cluster://host:port[,host:port…]")
        }

        var body = rest
        var credentials: (user: String?, password: String?) = (nil, nil)
        // The last '@' ends the credentials: a password may contain '@' only percent-encoded, but be lenient.
        if let at = body.lastIndex(of: "@") {
            let info = body[..<at]
            body = body[body.index(after: at)...]
            guard let colon = info.firstIndex(of: ":") else {
                throw fail("write credentials as :PASSWORD@ or USER:PASSWORD@")
            }
            let user = String(info[..<colon])
            guard let decodedUser = Self.percentDecoded(user),
                let decodedPassword = Self.percentDecoded(String(info[info.index(after: colon)...]))
            else { throw fail("bad percent-encoding in the credentials") }
            credentials = (user.isEmpty ? nil : decodedUser, decodedPassword)
        }

        if isUnix {
            var path = body
            var database = 0
            if let question = body.firstIndex(of: "?") {
                path = body[..<question]
                let query = body[body.index(after: question)...]
                guard query.hasPrefix("db="), let number = Int(query.dropFirst(3)), number >= 0 else {
                    throw fail("the only query a unix:// URL takes is ?db=N")
                }
                database = number
            }
            guard path.hasPrefix("/"), path.count > 1 else { throw fail("the socket path must be absolute") }
            self.init(
                endpoint: .unix(path: String(path)), username: credentials.user, password: credentials.password,
                database: database)
            return
        }

        guard !body.contains("?"), !body.contains("#") else { throw fail("query and fragment are not supported") }
        if isCluster {
            if let slash = body.firstIndex(of: "/") {
                guard body[body.index(after: slash)...].isEmpty else {
                    throw fail("a Redis Cluster has database 0 only: write no '/db' after its nodes")
                }
                body = body[..<slash]
            }
            var seeds: [RedisClusterNode] = []
            for node in body.split(separator: ",", omittingEmptySubsequences: false) {
                let (host, port) = try Self.hostAndPort(node, fail)
                seeds.append(RedisClusterNode(host: host, port: port))
            }
            self.init(
                endpoint: .cluster(seeds: seeds), username: credentials.user, password: credentials.password)
            return
        }
        var hostPort = body
        var database = 0
        if let slash = body.firstIndex(of: "/") {
            hostPort = body[..<slash]
            let path = body[body.index(after: slash)...]
            if !path.isEmpty {
                guard let number = Int(path), number >= 0 else {
                    throw fail("the path must be a database number, got '\(path)'")
                }
                database = number
            }
        }

        let (host, port) = try Self.hostAndPort(hostPort, fail)
        self.init(
            endpoint: .tcp(host: host, port: port), username: credentials.user,
            password: credentials.password, database: database)
    }

    /// Reads `host[:port]` or `[v6-host][:port]`; the port defaults to 6379.
    private static func hostAndPort(
        _ hostPort: Substring, _ fail: (String) -> ParseError
    ) throws(ParseError) -> (host: String, port: Int) {
        let host: Substring
        var portText: Substring?
        if hostPort.hasPrefix("[") {
            guard let close = hostPort.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
            let after = hostPort[hostPort.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw fail("unexpected text after the IPv6 address") }
                portText = after.dropFirst()
            }
        } else if let colon = hostPort.firstIndex(of: ":") {
            host = hostPort[..<colon]
            portText = hostPort[hostPort.index(after: colon)...]
        } else {
            host = hostPort
        }
        guard !host.isEmpty else { throw fail("the host is missing") }
        var port = Self.defaultPort
        if let portText {
            guard let number = Int(portText), (1...65535).contains(number) else {
                throw fail("the port must be a number from 1 to 65535, got '\(portText)'")
            }
            port = number
        }
        return (String(host), port)
    }

    /// The URL with the password replaced by `***`, safe for logs and `/health`.
    public var description: String {
        var credentials = ""
        if password != nil || username != nil {
            credentials = (username ?? "") + ":" + (password == nil ? "" : "***") + "@"
        }
        switch endpoint {
        case .tcp(let host, let port):
            let shownHost = host.contains(":") ? "[\(host)]" : host
            return "redis://\(credentials)\(shownHost):\(port)/\(database)"
        case .unix(let path):
            return "unix://\(credentials)\(path)" + (database == 0 ? "" : "?db=\(database)")
        case .cluster(let seeds):
            return "redis+cluster://\(credentials)" + seeds.map(\.description).joined(separator: ",")
        }
    }

    private static func redact(_ text: String) -> String {
        guard let at = text.lastIndex(of: "@"), let schemeEnd = text.range(of: "://")?.upperBound,
            schemeEnd <= at
        else { return text }
        return String(text[..<schemeEnd]) + "***" + String(text[at...])
    }

    private static func percentDecoded(_ text: String) -> String? {
        guard text.contains("%") else { return text }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                return nil
            }
            bytes.append(high << 4 | low)
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        // Decoding repairs invalid UTF-8; a changed byte sequence means the input was not UTF-8.
        return decoded.utf8.elementsEqual(bytes) ? decoded : nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
