/// How the server uses Redis as its second cache level.
public struct RedisCacheConfiguration: Sendable {
    public var url: RedisURL
    /// Longest wait for a TCP (or Unix socket) connect.
    public var connectTimeout: Duration = .milliseconds(100)
    /// Longest wait for one command's reply; also the longest a lookup may wait in the queue
    /// before it is answered `.unavailable` unstarted.
    public var commandTimeout: Duration = .milliseconds(100)
    /// Threads talking to Redis, each with its own connection.
    public var threads = 2
    /// Lookups and writes that may wait for a thread; beyond that they are skipped.
    public var queueCapacity = 1024
    /// First wait before retrying a Redis that failed; doubled after each failed retry.
    public var initialBackoff: Duration = .milliseconds(100)
    /// Longest wait between retries.
    public var maximumBackoff: Duration = .seconds(5)

    public init(url: RedisURL) {
        self.url = url
    }
}
