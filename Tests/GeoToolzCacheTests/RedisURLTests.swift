import GeoToolzCache
import Testing

@Suite struct RedisURLTests {
    @Test func aHostAloneGetsTheDefaults() throws {
        let url = try RedisURL(parsing: "redis://localhost")
        #expect(url == RedisURL(endpoint: .tcp(host: "localhost", port: 6379)))
        #expect(url.description == "redis://localhost:6379/0")
    }

    @Test func everyPartIsRead() throws {
        let url = try RedisURL(parsing: "redis://cache:p%40ss:word@10.0.0.5:6380/3")
        #expect(url.endpoint == .tcp(host: "10.0.0.5", port: 6380))
        #expect(url.username == "cache")
        #expect(url.password == "p@ss:word")
        #expect(url.database == 3)
        #expect(url.description == "redis://cache:***@10.0.0.5:6380/3")
    }

    @Test func aPasswordWithoutUserAndAnIPv6Host() throws {
        let url = try RedisURL(parsing: "redis://:secret@[::1]:7000/")
        #expect(url.endpoint == .tcp(host: "::1", port: 7000))
        #expect(url.username == nil)
        #expect(url.password == "secret")
        #expect(url.database == 0)
        #expect(url.description == "redis://:***@[::1]:7000/0")
    }

    @Test func aUnixSocket() throws {
        let url = try RedisURL(parsing: "unix:///run/redis/redis.sock?db=2")
        #expect(url.endpoint == .unix(path: "/run/redis/redis.sock"))
        #expect(url.database == 2)
        #expect(try RedisURL(parsing: "unix://:pw@/tmp/r.sock").password == "pw")
    }

    @Test func aClusterNamesItsNodes() throws {
        let url = try RedisURL(parsing: "redis+cluster://cache:pw@10.0.0.1:7000,[::1]:7001,node-c")
        #expect(
            url.endpoint
                == .cluster(seeds: [
                    RedisClusterNode(host: "10.0.0.1", port: 7000), RedisClusterNode(host: "::1", port: 7001),
                    RedisClusterNode(host: "node-c", port: 6379),
                ]))
        #expect(url.username == "cache" && url.password == "pw" && url.database == 0)
        #expect(url.description == "redis+cluster://cache:***@10.0.0.1:7000,[::1]:7001,node-c:6379")
        #expect(
            try RedisURL(parsing: "redis+cluster://127.0.0.1:7000/").endpoint
                == .cluster(seeds: [
                    RedisClusterNode(host: "127.0.0.1", port: 7000)
                ]))
        // Each node of a cluster is reached with the cluster's credentials.
        #expect(
            RedisClusterNode(host: "10.0.0.9", port: 7005).url(in: url)
                == RedisURL(endpoint: .tcp(host: "10.0.0.9", port: 7005), username: "cache", password: "pw"))
    }

    @Test(arguments: [
        ("redis+cluster://h1:7000,h2:7001/0", "database 0 only"),
        ("redis+cluster://h1:7000/2", "database 0 only"),
        ("redis+cluster://h1:7000,,h2:7001", "host is missing"),
        ("redis+cluster://", "host is missing"),
        ("redis+cluster://h1:7000,h2:x", "port"),
        ("redis+cluster://h1:7000?x=1", "query"),
    ])
    func malformedClusterURLsSayWhy(_ text: String, _ hint: String) {
        #expect {
            _ = try RedisURL(parsing: text)
        } throws: { error in
            guard let error = error as? RedisURL.ParseError else { return false }
            return error.description.contains(hint)
        }
    }

    @Test(arguments: [
        ("http://localhost", "expected redis://"),
        ("rediss://localhost", "TLS"),
        ("redis://", "host is missing"),
        ("redis://:6379", "host is missing"),
        ("redis://host:0", "port"),
        ("redis://host:99999", "port"),
        ("redis://host:abc", "port"),
        ("redis://host/x", "database number"),
        ("redis://host/-1", "database number"),
        ("redis://secret@host", "credentials"),
        ("redis://host?db=1", "query"),
        ("redis://[::1", "IPv6"),
        ("unix://relative.sock", "absolute"),
        ("unix:///tmp/r.sock?timeout=1", "db=N"),
        ("redis://:%zz@host", "percent"),
    ])
    func malformedURLsSayWhy(_ text: String, _ hint: String) {
        #expect {
            _ = try RedisURL(parsing: text)
        } throws: { error in
            guard let error = error as? RedisURL.ParseError else { return false }
            return error.description.contains(hint)
        }
    }

    @Test func errorsDoNotShowThePassword() {
        #expect {
            _ = try RedisURL(parsing: "redis://:hunter2@host:0")
        } throws: { error in
            "\(error)".contains("***") && !"\(error)".contains("hunter2")
        }
    }

    @Test func layerNamesAreEscapedForMatch() {
        #expect(RedisKeyspace.matchPattern(layer: "dem") == "gz:tile:dem:*")
        #expect(RedisKeyspace.matchPattern(layer: "a*b?[c]\\d") == "gz:tile:a\\*b\\?\\[c\\]\\\\d:*")
    }
}
