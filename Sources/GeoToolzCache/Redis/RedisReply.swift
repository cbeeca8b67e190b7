import CHiredis
import NIOCore

/// One Redis reply, copied out of hiredis's reply object so that object can be freed at once.
public enum RedisReply: Sendable, Equatable {
    case status(String)
    case error(String)
    case integer(Int64)
    /// A bulk string; binary-safe.
    case bulk(ByteBuffer)
    case null
    case array([RedisReply])

    /// Copies `reply` (not freeing it). Bulk strings are copied once, into a `ByteBuffer`.
    init(_ reply: UnsafePointer<redisReply>, allocator: ByteBufferAllocator) {
        let value = reply.pointee
        switch value.type {
        case REDIS_REPLY_STRING:
            var buffer = allocator.buffer(capacity: value.len)
            if value.len > 0 {
                buffer.writeBytes(UnsafeRawBufferPointer(start: value.str, count: value.len))
            }
            self = .bulk(buffer)
        case REDIS_REPLY_STATUS:
            self = .status(Self.text(value.str, value.len))
        case REDIS_REPLY_ERROR:
            self = .error(Self.text(value.str, value.len))
        case REDIS_REPLY_INTEGER:
            self = .integer(Int64(value.integer))
        case REDIS_REPLY_ARRAY:
            var elements: [RedisReply] = []
            elements.reserveCapacity(value.elements)
            for index in 0..<value.elements {
                if let element = value.element[index] {
                    elements.append(RedisReply(element, allocator: allocator))
                } else {
                    elements.append(.null)
                }
            }
            self = .array(elements)
        default:
            // REDIS_REPLY_NIL, and any kind a newer hiredis adds that this code does not read.
            self = .null
        }
    }

    /// The bulk string as UTF-8 text, for replies like SCAN's cursor.
    public var text: String? {
        switch self {
        case .bulk(let buffer): String(buffer: buffer)
        case .status(let text): text
        default: nil
        }
    }

    private static func text(_ bytes: UnsafeMutablePointer<CChar>?, _ count: Int) -> String {
        guard let bytes, count > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: bytes, count: count), as: UTF8.self)
    }
}
