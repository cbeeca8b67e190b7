/// Checks a `Host` or `X-Forwarded-Host` value before it goes into URLs the server hands out
/// (TileJSON's `tiles`): a host name, an IPv4 address or a bracketed IPv6 address, with an
/// optional port. Anything else (paths, quotes, spaces, credentials, several hosts) is refused.
enum HostHeader {
    /// Longest accepted value: a 253-byte DNS name and a port.
    static let maxLength = 259

    static func isValid(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        guard !bytes.isEmpty, bytes.count <= maxLength else { return false }
        var host = bytes[...]
        var port: ArraySlice<UInt8> = []
        if bytes[0] == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inside = bytes[1..<close]
            guard !inside.isEmpty,
                inside.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") })
            else { return false }
            let rest = bytes[(close + 1)...]
            if rest.isEmpty { return true }
            guard rest.first == UInt8(ascii: ":") else { return false }
            return isPort(rest.dropFirst())
        }
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            host = bytes[..<colon]
            port = bytes[(colon + 1)...]
            guard isPort(port) else { return false }
        }
        return isName(host)
    }

    private static func isName(_ name: ArraySlice<UInt8>) -> Bool {
        guard !name.isEmpty, name.first != UInt8(ascii: "."), name.first != UInt8(ascii: "-") else { return false }
        return name.allSatisfy { byte in
            isHexDigit(byte) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A)
                || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_")
        }
    }

    private static func isPort(_ digits: ArraySlice<UInt8>) -> Bool {
        guard (1...5).contains(digits.count), digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        let value = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        return (1...65535).contains(value)
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
