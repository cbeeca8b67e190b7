import NIOConcurrencyHelpers
import NIOCore

/// A token bucket per client address: `perMinute` requests a minute on average, in bursts of
/// up to `burst`. The table of clients is bounded; the longest idle is forgotten first (which
/// hands it a full bucket, as a new client gets).
final class ClientRateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: NIODeadline
    }

    let perMinute: Int
    let burst: Int
    private let maxClients: Int
    private let buckets = NIOLockedValueBox([String: Bucket]())

    init(perMinute: Int, burst: Int, maxClients: Int = 10_000) {
        self.perMinute = perMinute
        self.burst = max(1, burst)
        self.maxClients = max(1, maxClients)
    }

    /// Takes a token for `client`: nil when it may go on, otherwise the seconds until it may.
    func take(_ client: String, now: NIODeadline = .now()) -> Int? {
        let rate = Double(perMinute) / 60e9  // tokens per nanosecond
        return buckets.withLockedValue { buckets in
            var bucket = buckets[client] ?? Bucket(tokens: Double(burst), updated: now)
            let elapsed = Double(max(0, (now - bucket.updated).nanoseconds))
            bucket.tokens = min(Double(burst), bucket.tokens + elapsed * rate)
            bucket.updated = now
            defer {
                if buckets[client] == nil, buckets.count >= maxClients,
                    let idle = buckets.min(by: { $0.value.updated < $1.value.updated })
                {
                    buckets[idle.key] = nil
                }
                buckets[client] = bucket
            }
            guard bucket.tokens >= 1 else {
                guard rate > 0 else { return 60 }
                return max(1, Int(((1 - bucket.tokens) / rate / 1e9).rounded(.up)))
            }
            bucket.tokens -= 1
            return nil
        }
    }
}
