/// What a Redis lookup found.
public enum RedisLookup: Sendable {
    case hit(CachedTile)
    /// No value under the key.
    case miss
    /// A value is there but is not a whole tile of this format: render, then overwrite it.
    case corrupt
    /// Redis is down, slow, or the lookup queue is full: render without it.
    case unavailable
}
