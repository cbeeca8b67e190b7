/// When a seeding worker may start a render: at the pace `--max-rate` sets, and only until the
/// run's time (`--duration`) is up. Tiles found cached or outside take no turn, so the pace is
/// the load the run puts on its sources.
public struct RenderTurn: Sendable {
    /// Spaces renders over all threads; nil for no limit.
    public let pacer: RatePacer?
    /// No render starts after it; nil for no end.
    public let deadline: ContinuousClock.Instant?

    public init(pacer: RatePacer? = nil, deadline: ContinuousClock.Instant? = nil) {
        self.pacer = pacer
        self.deadline = deadline
    }

    /// Renders whenever.
    public static let anytime = RenderTurn()

    /// Waits for the next turn; false when the run's time is up first.
    public func take() -> Bool {
        if let deadline, ContinuousClock.now >= deadline { return false }
        guard let pacer else { return true }
        return pacer.waitForTurn(until: deadline)
    }
}
