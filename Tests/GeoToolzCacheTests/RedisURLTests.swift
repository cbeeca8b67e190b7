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
