import NIOCore

/// What a lookup of a record (a value other than a tile, such as a stored pipeline) found.
public enum RedisRecordLookup: Sendable {
    case found(ByteBuffer)
    /// No value under the key.
    case missing
    /// Redis is down, slow, or the queue is full: the answer is not known.
    case unavailable
}
