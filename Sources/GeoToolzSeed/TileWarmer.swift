/// What warming one tile came to.
public enum TileOutcome: Sendable, Equatable {
    /// Rendered and stored (or, through a server, rendered by it); `bytes` of PNG.
    case rendered(bytes: Int)
    /// Already cached: nothing to do.
    case cached
    /// The tile lies outside the layer's data or zooms: nothing to render.
    case outside
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
    /// Warms `item`, a tile of `layer`.
    func warm(_ item: TilePlan.Item, of layer: LayerExtent) -> TileOutcome
}
