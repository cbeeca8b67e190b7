/// One 512-byte POSIX ustar header (POSIX.1-1988 as GNU tar and Python's tarfile read it).
struct TarHeader: Sendable, Hashable {
    /// The member's path inside the archive.
    var name: String
    var size: Int
    /// The ustar type flag: `0` a file, `5` a directory, `x`/`g` pax headers, `L` a GNU long name.
    var type: UInt8 = UInt8(ascii: "0")
    var mode = 0o644
    /// Seconds since the epoch; 0 keeps archives of the same content byte for byte equal.
    var modified = 0

    static let blockSize = 512
    /// The largest size an 11-digit octal field holds.
    static let maxSize = 0o77777777777

    /// The header's bytes; fails for names ustar cannot hold.
    func encoded() throws(TarError) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: Self.blockSize)
        let (prefix, base) = try Self.split(name)
        guard (0...Self.maxSize).contains(size) else {
            throw TarError("\(name): \(size) bytes is more than ustar holds")
        }
        Self.put(Array(base.utf8), into: &block, at: 0, width: 100)
        Self.put(Self.octal(mode, digits: 7), into: &block, at: 100, width: 8)
        Self.put(Self.octal(0, digits: 7), into: &block, at: 108, width: 8)
        Self.put(Self.octal(0, digits: 7), into: &block, at: 116, width: 8)
        Self.put(Self.octal(size, digits: 11), into: &block, at: 124, width: 12)
        Self.put(Self.octal(modified, digits: 11), into: &block, at: 136, width: 12)
        block[156] = type
        Self.put(Array("ustar\u{0}00".utf8), into: &block, at: 257, width: 8)
        Self.put(Array(prefix.utf8), into: &block, at: 345, width: 155)
        // The checksum is taken with its own field as spaces, then written as 6 digits, NUL, space.
        for index in 148..<156 { block[index] = UInt8(ascii: " ") }
        let sum = block.reduce(0) { $0 + Int($1) }
        Self.put(Self.octal(sum, digits: 6) + [0, UInt8(ascii: " ")], into: &block, at: 148, width: 8)
        return block
    }

    /// Reads a header block: nil for the zero block that ends an archive.
    init?(block: ArraySlice<UInt8>) throws(TarError) {
        let bytes = Array(block)
        guard bytes.count == Self.blockSize else { throw TarError("the archive ends inside a header") }
        if bytes.allSatisfy({ $0 == 0 }) { return nil }
        var copy = bytes
        for index in 148..<156 { copy[index] = UInt8(ascii: " ") }
        let sum = copy.reduce(0) { $0 + Int($1) }
        guard let recorded = Self.number(bytes[148..<156]), recorded == sum else {
            throw TarError("a header's checksum does not match: not a tar archive, or a damaged one")
        }
        guard let size = Self.number(bytes[124..<136]) else { throw TarError("a header's size is not a number") }
        let base = Self.text(bytes[0..<100])
        // ustar (and GNU's "ustar  ") put a prefix before the name.
        let isUstar = bytes[257..<262].elementsEqual("ustar".utf8)
        let prefix = isUstar && bytes[262] == 0 ? Self.text(bytes[345..<500]) : ""
        self.name = prefix.isEmpty ? base : prefix + "/" + base
        self.size = size
        self.type = bytes[156]
        self.mode = Self.number(bytes[100..<108]) ?? 0
        self.modified = Self.number(bytes[136..<148]) ?? 0
    }

    init(name: String, size: Int, type: UInt8 = UInt8(ascii: "0")) {
        self.name = name
        self.size = size
        self.type = type
    }

    /// Whether the member is a regular file.
    var isFile: Bool { type == UInt8(ascii: "0") || type == 0 }

    /// The blocks the member's content takes, padding included.
    var paddedSize: Int { (size + Self.blockSize - 1) / Self.blockSize * Self.blockSize }

    /// The name split into ustar's prefix (155 bytes) and name (100 bytes) at a slash.
    private static func split(_ path: String) throws(TarError) -> (prefix: String, name: String) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty else { throw TarError("a member needs a name") }
        if bytes.count <= 100 { return ("", path) }
        for index in bytes.indices.reversed() where bytes[index] == UInt8(ascii: "/") {
            if index <= 155 && bytes.count - index - 1 <= 100 && index > 0 {
                return (
                    String(decoding: bytes[..<index], as: UTF8.self),
                    String(decoding: bytes[(index + 1)...], as: UTF8.self)
                )
            }
        }
        throw TarError("'\(path)' is too long for a ustar name (100 bytes, or 155 + 100 split at a '/')")
    }

    private static func put(_ bytes: [UInt8], into block: inout [UInt8], at offset: Int, width: Int) {
        for (index, byte) in bytes.prefix(width).enumerated() { block[offset + index] = byte }
    }

    /// `value` as `digits` octal digits and a NUL.
    private static func octal(_ value: Int, digits: Int) -> [UInt8] {
        let text = String(value, radix: 8)
        return Array((String(repeating: "0", count: max(0, digits - text.count)) + text).utf8) + [0]
    }

    /// An octal field (NUL or space terminated), or GNU's base-256 form for large values.
    private static func number(_ field: ArraySlice<UInt8>) -> Int? {
        if let first = field.first, first & 0x80 != 0 {
            return field.dropFirst().reduce(Int(first & 0x7f)) { ($0 << 8) | Int($1) }
        }
        let digits = field.drop { $0 == UInt8(ascii: " ") }.prefix { $0 != 0 && $0 != UInt8(ascii: " ") }
        if digits.isEmpty { return 0 }
        return Int(String(decoding: digits, as: UTF8.self), radix: 8)
    }

    private static func text(_ field: ArraySlice<UInt8>) -> String {
        String(decoding: field.prefix { $0 != 0 }, as: UTF8.self)
    }
}
