import GeoToolz

/// Exponential backoff between retries of a failed Redis, with jitter so that many servers
/// sharing one Redis do not all retry in the same instant.
struct RedisBackoff: Sendable {
    let initial: Duration
    let maximum: Duration
    /// Each wait is the nominal delay times a random factor in 1 ± `jitter`.
    let jitter = 0.1

    init(initial: Duration, maximum: Duration) {
        self.initial = max(initial, .milliseconds(1))
        self.maximum = max(maximum, self.initial)
    }

    /// The nominal delay after `delay` failed again.
    func next(after delay: Duration) -> Duration {
        min(delay * 2, maximum)
    }

    /// `delay` with jitter applied, in nanoseconds.
    func jitteredNanoseconds(_ delay: Duration) -> Int64 {
        Int64(Double(delay.nanoseconds) * Double.random(in: (1 - jitter)...(1 + jitter)))
    }
}
