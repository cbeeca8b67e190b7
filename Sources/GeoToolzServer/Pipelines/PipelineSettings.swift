import GeoToolz

/// What users may post as pipelines, and how much of the server they may spend doing it.
public struct PipelineSettings: Sendable {
    /// Who may post pipelines.
    public enum Access: String, Sendable, CaseIterable {
        /// Nobody: `/pipelines` answers 403; stored pipelines are not served either.
        case off
        /// Anybody who can reach the server.
        case open
        /// Clients sending `Authorization: Bearer <token>`.
        case token
    }

    /// Who may post; nil decides at start: `open` on a loopback bind, `token` otherwise.
    public var access: Access?
    /// The bearer token required when `access` is `token`.
    public var token: String?
    /// The largest body `POST /pipelines` reads, in bytes.
    public var maxBodyBytes = 64 * 1024
    /// What the loader may build from a posted pipeline: fewer operators and less nesting than
    /// an operator's own layer file may use.
    public var limits = PipelineLimits(
        maxDepth: 8, maxOperators: 64, maxDocumentValues: 10_000, maxDocumentBytes: 64 * 1024, maxDocumentDepth: 32)
    /// The most context, in pixels, a posted pipeline may read around a tile.
    public var maxHalo = 256
    /// The most bytes a render's tensors may hold at once, estimated at build time from the
    /// bands read, the bands given and the padded window of an `@2x` tile.
    public var maxRenderBytes = 64 << 20
    /// Pipelines held in memory (least recently used dropped first; Redis keeps them all).
    public var storeCapacity = 1024
    /// Pipelines one client address may have in the memory store at once.
    public var perClient = 100
    /// Posts (`/pipelines`) one client address may make per minute, in bursts of as many.
    public var uploadsPerMinute = 30
    /// Validations (`/pipelines/validate`) one client address may ask for per minute.
    public var validationsPerMinute = 600

    public init() {}

    /// The access in force when the server binds `host`.
    public func access(bindingTo host: String) -> Access {
        access ?? (Self.isLoopback(host) ? .open : .token)
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
