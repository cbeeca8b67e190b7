import Atomics
import NIOHTTP1

/// Names one request in its response (`X-Request-Id`, and the body of a server error) and in the
/// log, so an operator can find the full cause of what a client saw.
///
/// A client's own `X-Request-Id` is kept when it is short and plain (a proxy's id then follows
/// the request through); otherwise the server makes one: a per-process random prefix and a counter.
struct RequestID: Sendable, CustomStringConvertible {
    let text: String

    var description: String { text }

    /// Longest client id kept.
    static let maxClientLength = 64

    private static let prefix = String(UInt32.random(in: .min ... .max), radix: 16)
    private static let counter = ManagedAtomic<UInt64>(0)

    /// The id of a request: the client's when acceptable, a new one otherwise.
    static func of(_ head: HTTPRequestHead) -> RequestID {
        if let given = head.headers.first(name: "X-Request-Id"), isAcceptable(given) {
            return RequestID(text: given)
        }
        return next()
    }

    /// A new id, unique within this process.
    static func next() -> RequestID {
        let number = counter.wrappingIncrementThenLoad(ordering: .relaxed)
        return RequestID(text: prefix + "-" + String(number, radix: 16))
    }

    /// Letters, digits and `-_.:` only, so the id is safe in headers, JSON and log lines.
    static func isAcceptable(_ text: String) -> Bool {
        let bytes = text.utf8
        return !bytes.isEmpty && bytes.count <= maxClientLength
            && bytes.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                    || byte == 0x2D || byte == 0x5F || byte == 0x2E || byte == 0x3A
            }
    }
}
