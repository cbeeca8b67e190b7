/// The hash slot of a key in a Redis Cluster: CRC16 of the key, modulo 16384.
///
/// When the key holds a hash tag — a `{` followed later by a `}` with at least one byte between
/// them — only the bytes between the first `{` and the first `}` after it are hashed, so keys
/// sharing a tag share a slot (and a node). `{}` is no tag: the whole key is hashed then.
public struct RedisHashSlot: Hashable, Sendable, CustomStringConvertible {
    /// How many slots a cluster has.
    public static let count = 16384

    /// From 0 to 16383.
    public let value: Int

    public init(_ value: Int) {
        precondition((0..<Self.count).contains(value), "a hash slot lies in 0..<16384")
        self.value = value
    }

    /// The slot of `key`, whose bytes are its UTF-8 form.
    public init(key: String) {
        var key = key
        self = key.withUTF8 { Self(keyBytes: $0) }
    }

    /// The slot of a binary key.
    public init(keyBytes: some Collection<UInt8>) {
        let hashed = Self.hashedPart(of: keyBytes)
        value = Int(CRC16.checksum(hashed) & UInt16(Self.count - 1))
    }

    public var description: String { String(value) }

    /// The tag between the first `{` and the next `}` when it is not empty, else the whole key.
    private static func hashedPart<Bytes: Collection<UInt8>>(of key: Bytes) -> Bytes.SubSequence {
        guard let open = key.firstIndex(of: UInt8(ascii: "{")) else { return key[...] }
        let afterOpen = key.index(after: open)
        guard let close = key[afterOpen...].firstIndex(of: UInt8(ascii: "}")), close != afterOpen else {
            return key[...]
        }
        return key[afterOpen..<close]
    }
}
