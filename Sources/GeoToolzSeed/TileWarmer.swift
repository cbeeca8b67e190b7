/// What warming one tile came to.
public enum TileOutcome: Sendable, Equatable {
    /// Rendered and stored (or, through a server, rendered by it); `bytes` of the encoded tile.
    case rendered(bytes: Int)
    /// Cached, but older than the run refreshes: rendered and stored again.
    case refreshed(bytes: Int)
    /// Already cached: nothing to do.
    case cached
    /// Not cached, and the run only refreshes cached tiles (`--skip-uncached`).
    case uncached
    /// The tile lies outside the layer's data or zooms: nothing to render.
    case outside
    /// Not started: the run's time (`--duration`) was up before its turn came.
    case notStarted
    /// The render or the store failed; the message says why.
    case failed(String)
}

/// Fills a cache with tiles, one worker per thread of a seeding run.
public protocol TileWarmer: Sendable {
    /// A worker for one thread: it may keep per-thread state, such as a connection.
    func makeWorker() -> any TileWarmingWorker
}

/// Warms tiles one at a time, on the one thread that owns it.
public protocol TileWarmingWorker: AnyObject {
    /// Warms `item`, a tile of `layer`; before rendering (or asking a server to), it takes a
    /// `turn`, and gives up with `.notStarted` when none comes.
    func warm(_ item: TilePlan.Item, of layer: LayerExtent, turn: RenderTurn) -> TileOutcome
}
