import CoreMetrics
import GeoToolz
import GeoToolzCache
import NIOConcurrencyHelpers
import Prometheus

/// The server's metrics, kept in its own Prometheus registry and served at `/metrics`.
///
/// Metric handles are created once per label set and reused, and the per-request paths look
/// them up by small keys built without allocating, so recording a request costs a lock and a
/// hash lookup.
public final class ServerMetrics: CacheMetrics {
    private let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let counters = NIOLockedValueBox<[CounterKey: CoreMetrics.Counter]>([:])
    private let requests = NIOLockedValueBox<[RequestKey: CoreMetrics.Counter]>([:])
    private let lookups = NIOLockedValueBox<[LookupKey: CoreMetrics.Counter]>([:])
    private let timers = NIOLockedValueBox<[TimerKey: CoreMetrics.Timer]>([:])
    private let queueDepth: CoreMetrics.Gauge
    private let inFlight: CoreMetrics.Gauge

    private struct CounterKey: Hashable {
        let label: String
        let dimensions: [String]
    }

    private struct RequestKey: Hashable {
        let route: String
        let status: Int
        let layer: String?
    }

    private struct LookupKey: Hashable {
        let level: String
        let hit: Bool
    }

    private struct TimerKey: Hashable {
        let label: String
        let dimension: String
        let value: String
    }

    public init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        let buckets: [Duration] = [
            .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2.5),
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5),
        ]
        factory.defaultDurationHistogramBuckets = buckets
        self.factory = factory
        queueDepth = CoreMetrics.Gauge(label: "geotoolz_render_queue_depth", factory: factory)
        inFlight = CoreMetrics.Gauge(label: "geotoolz_renders_in_flight", factory: factory)
    }

    /// Counts a finished request.
    public func request(route: String, status: Int, layer: String?, seconds: Double) {
        let key = RequestKey(route: route, status: status, layer: layer)
        requests.withLockedValue { table in
            if let existing = table[key] { return existing }
            let made = CoreMetrics.Counter(
                label: "geotoolz_http_requests_total",
                dimensions: [("route", route), ("status", String(status)), ("layer", layer ?? "")], factory: factory)
            table[key] = made
            return made
        }.increment()
        timer("geotoolz_http_request_duration_seconds", "route", route).recordNanoseconds(Int64(seconds * 1e9))
    }

    /// Records the time of one render stage (`read`, `operators`, `encode`).
    public func renderStage(_ stage: String, _ duration: Duration) {
        timer("geotoolz_render_stage_duration_seconds", "stage", stage).recordNanoseconds(duration.nanoseconds)
    }

    /// Counts a cache lookup at `level` (`memory`, `redis`) that hit or missed.
    public func cacheLookup(level: String, hit: Bool) {
        let key = LookupKey(level: level, hit: hit)
        lookups.withLockedValue { table in
            if let existing = table[key] { return existing }
            let made = CoreMetrics.Counter(
                label: "geotoolz_cache_lookups_total",
                dimensions: [("level", level), ("result", hit ? "hit" : "miss")],
                factory: factory)
            table[key] = made
            return made
        }.increment()
    }

    /// Counts a failed render of `layer`.
    public func renderFailure(layer: String) {
        counter("geotoolz_render_failures_total", ["layer", layer]).increment()
    }

    /// Counts a render of `layer` abandoned at its time budget (`geotoolz_render_timeouts_total`).
    /// Only layers being served render, so the label stays bounded as request labels do.
    public func renderTimeout(layer: String) {
        counter("geotoolz_render_timeouts_total", ["layer", layer]).increment()
    }

    /// Counts a render refused because the queue was full.
    public func renderRejected() {
        counter("geotoolz_render_rejected_total", []).increment()
    }

    /// Counts a Redis failure of `kind` in `geotoolz_redis_errors_total`.
    public func redisError(kind: String) {
        counter(RedisTileCache.errorsMetric, ["kind", kind]).increment()
    }

    /// Samples the render pool.
    public func renderPool(queueDepth depth: Int, inFlight running: Int) {
        queueDepth.record(depth)
        inFlight.record(running)
    }

    /// The Prometheus text exposition of every metric.
    public func exposition() -> String {
        var buffer = [UInt8]()
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    private func counter(_ label: String, _ labelPairs: [String]) -> CoreMetrics.Counter {
        let key = CounterKey(label: label, dimensions: labelPairs)
        return counters.withLockedValue { table in
            if let existing = table[key] { return existing }
            var dimensions = [(String, String)]()
            for index in stride(from: 0, to: labelPairs.count, by: 2) {
                dimensions.append((labelPairs[index], labelPairs[index + 1]))
            }
            let made = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
            table[key] = made
            return made
        }
    }

    private func timer(_ label: String, _ dimension: String, _ value: String) -> CoreMetrics.Timer {
        let key = TimerKey(label: label, dimension: dimension, value: value)
        return timers.withLockedValue { table in
            if let existing = table[key] { return existing }
            let made = CoreMetrics.Timer(label: label, dimensions: [(dimension, value)], factory: factory)
            table[key] = made
            return made
        }
    }
}
