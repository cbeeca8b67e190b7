import GeoToolzIO

/// Where a seeding run stands: its counters at one moment.
public struct PrewarmProgress: Sendable, Equatable {
    /// Tiles the run covers (its shard of the plan).
    public var total = 0
    /// Rendered and stored, refreshed ones included.
    public var rendered = 0
    /// Of the rendered, those cached before but older than the run refreshes.
    public var refreshed = 0
    /// Found already cached (and new enough).
    public var cached = 0
    /// Not cached, and passed over by a refresh-only run.
    public var uncached = 0
    /// Outside the layer's data or zooms.
    public var outside = 0
    /// Recorded as finished by an earlier run in the resume log.
    public var resumed = 0
    /// Failed to render or to store.
    public var failed = 0
    /// PNG bytes of the rendered tiles.
    public var bytes = 0
    /// Time since the run started.
    public var elapsed: Duration = .zero

    public init() {}

    /// Tiles dealt with, failed ones included.
    public var done: Int { rendered + cached + uncached + outside + resumed + failed }
    /// Tiles passed over: cached, not cached in a refresh-only run, outside, or done by an earlier run.
    public var skipped: Int { cached + uncached + outside + resumed }
    /// Tiles dealt with per second, not counting those an earlier run did.
    public var tilesPerSecond: Double {
        let seconds = elapsed.milliseconds / 1000
        return seconds > 0 ? Double(done - resumed) / seconds : 0
    }
    /// The time left at the current rate; nil before there is a rate.
    public var remaining: Duration? {
        let rate = tilesPerSecond
        guard rate > 0 else { return nil }
        return .seconds(Double(max(0, total - done)) / rate)
    }
}
