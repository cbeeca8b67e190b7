import GeoToolz

/// The Redis cache's state, as `/health` reports it.
public enum RedisHealth: Sendable, Equatable {
    case ok
    /// Tiles are served without Redis; `reason` says why (the last error, or "not connected yet").
    case degraded(String)
    /// No Redis is configured.
    case disabled

    /// The entry for the health report's `dependencies.redis`; `url` must already hide the password.
    public func report(url: String?) -> ConfigValue {
        var entry: [String: ConfigValue] = [:]
        switch self {
        case .ok: entry["status"] = "ok"
        case .degraded(let reason):
            entry["status"] = "degraded"
            entry["reason"] = .string(reason)
        case .disabled: entry["status"] = "disabled"
        }
        if let url { entry["url"] = .string(url) }
        return .object(entry)
    }
}
