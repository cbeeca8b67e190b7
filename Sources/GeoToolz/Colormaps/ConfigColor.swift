/// A colour written in a config: `"#rrggbb"`, `"#rrggbbaa"`, `[r, g, b]` or `[r, g, b, a]`
/// (0…255). It remembers how it was written, so a config reads back exactly as given.
public struct ConfigColor: ConfigRepresentable, Hashable {
    /// Red, green, blue, alpha.
    public let rgba: [UInt8]
    /// The colour as written.
    public let configValue: ConfigValue

    public static var expectation: String { "a colour (\"#rrggbb\", \"#rrggbbaa\", [r, g, b] or [r, g, b, a])" }

    /// An opaque colour unless `alpha` is given; written back as `#rrggbb` or `#rrggbbaa`.
    public init(red: UInt8, green: UInt8, blue: UInt8, alpha: UInt8 = 255) {
        rgba = [red, green, blue, alpha]
        let hex = (alpha == 255 ? rgba.prefix(3) : rgba[...]).map { byte in
            let digits = String(byte, radix: 16)
            return byte < 16 ? "0" + digits : digits
        }
        configValue = .string("#" + hex.joined())
    }

    public init?(config value: ConfigValue) {
        switch value {
        case .string(let text):
            let digits = Array(text.utf8)
            guard digits.first == UInt8(ascii: "#"), digits.count == 7 || digits.count == 9 else { return nil }
            var bytes = [UInt8]()
            for start in stride(from: 1, to: digits.count, by: 2) {
                guard let byte = UInt8(String(decoding: digits[start..<(start + 2)], as: UTF8.self), radix: 16)
                else { return nil }
                bytes.append(byte)
            }
            rgba = bytes.count == 3 ? bytes + [255] : bytes
        case .array:
            guard let channels = [Int](config: value), channels.count == 3 || channels.count == 4,
                channels.allSatisfy({ (0...255).contains($0) })
            else { return nil }
            rgba = channels.map(UInt8.init) + (channels.count == 3 ? [255] : [])
        default:
            return nil
        }
        configValue = value
    }
}
