/// A tile server to warm through, written `http://host[:port][/prefix]`.
public struct HTTPEndpoint: Sendable, Hashable, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// Put before every path: empty, or starting with `/` and not ending with one.
    public let basePath: String

    /// Parses `http://host[:port][/prefix]`; `https` is not supported.
    public init(parsing text: String) throws(PrewarmError) {
        func fail(_ reason: String) -> PrewarmError { PrewarmError("invalid server URL '\(text)': \(reason)") }
        guard text.hasPrefix("http://") else {
            throw fail(text.hasPrefix("https://") ? "https is not supported; use http://" : "expected http://host:port")
        }
        var rest = Substring(text.dropFirst("http://".count))
        var path = ""
        if let slash = rest.firstIndex(of: "/") {
            path = String(rest[slash...])
            rest = rest[..<slash]
        }
        guard !path.contains("?"), !path.contains("#"), !rest.contains("@") else {
            throw fail("credentials, queries and fragments are not supported")
        }
        while path.hasSuffix("/") { path.removeLast() }
        var host = rest
        var port = 80
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw fail("unterminated IPv6 address") }
            let after = host[host.index(after: close)...]
            host = host[host.index(after: host.startIndex)..<close]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let number = Int(after.dropFirst()) else { throw fail("bad port") }
                port = number
            }
        } else if let colon = host.lastIndex(of: ":") {
            guard let number = Int(host[host.index(after: colon)...]) else { throw fail("bad port") }
            port = number
            host = host[..<colon]
        }
        guard !host.isEmpty else { throw fail("the host is missing") }
        guard (1...65535).contains(port) else { throw fail("the port must be 1…65535") }
        self.host = String(host)
        self.port = port
        self.basePath = path
    }

    /// The `Host` header's value.
    public var hostHeader: String {
        let shown = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? shown : "\(shown):\(port)"
    }

    public var description: String { "http://\(hostHeader)\(basePath)" }
}
