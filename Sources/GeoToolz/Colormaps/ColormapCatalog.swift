/// The named colormaps: matplotlib's standard maps, each as the 256-entry lookup table
/// matplotlib itself uses, and each also reversed as `NAME_r`.
///
/// The tables were generated from matplotlib (`scripts/generate-colormaps.py`; the version is
/// `matplotlibVersion`) and are decoded once, on first use. A viewer draws legends from
/// `palette(named:)`, or from `hexColors(named:)`.
public enum ColormapCatalog {
    /// The matplotlib release the tables match.
    public static let matplotlibVersion = ColormapTables.matplotlibVersion

    /// Every colormap name: each base map followed by its reversal.
    public static let names: [String] = ColormapTables.baseNames.flatMap { [$0, $0 + "_r"] }

    /// The 256-entry opaque palette of the named colormap (names are case-sensitive, as in
    /// matplotlib), or nil for an unknown name.
    public static func palette(named name: String) -> Palette? {
        palettes[name]
    }

    /// The colours of the named colormap as `#rrggbb`, index 0 first, or nil for an unknown name.
    public static func hexColors(named name: String) -> [String]? {
        guard let palette = palettes[name] else { return nil }
        return stride(from: 0, to: palette.rgba.count, by: 4).map { entry in
            "#"
                + palette.rgba[entry..<(entry + 3)].map { byte in
                    let hex = String(byte, radix: 16)
                    return byte < 16 ? "0" + hex : hex
                }.joined()
        }
    }

    /// The known name closest to `name` ignoring case, for "did you mean" hints.
    static func suggestion(for name: String) -> String? {
        names.first { $0.lowercased() == name.lowercased() }
    }

    private static let palettes: [String: Palette] = {
        var palettes = [String: Palette]()
        for base in ColormapTables.baseNames {
            let forward = decode(ColormapTables.hex[base]!)
            palettes[base] = Palette(rgba: forward)
            let reversedName = base + "_r"
            let reversed = ColormapTables.hex[reversedName].map(decode) ?? reversedEntries(forward)
            palettes[reversedName] = Palette(rgba: reversed)
        }
        return palettes
    }()

    /// RGBA bytes from "rrggbb" text (white space ignored), alpha 255.
    private static func decode(_ text: String) -> [UInt8] {
        let digits = text.utf8.filter { !$0.isWhitespace }
        precondition(digits.count == 256 * 6, "a colormap table holds 256 colours")
        var rgba = [UInt8]()
        rgba.reserveCapacity(256 * 4)
        for entry in 0..<256 {
            for channel in 0..<3 {
                let start = entry * 6 + channel * 2
                rgba.append(hexValue(digits[start]) << 4 | hexValue(digits[start + 1]))
            }
            rgba.append(255)
        }
        return rgba
    }

    private static func hexValue(_ digit: UInt8) -> UInt8 {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        default: preconditionFailure("colormap tables hold lowercase hex digits")
        }
    }

    private static func reversedEntries(_ rgba: [UInt8]) -> [UInt8] {
        stride(from: rgba.count - 4, through: 0, by: -4).flatMap { rgba[$0..<($0 + 4)] }
    }
}

extension UInt8 {
    fileprivate var isWhitespace: Bool {
        self == UInt8(ascii: " ") || self == UInt8(ascii: "\n") || self == UInt8(ascii: "\r")
            || self == UInt8(ascii: "\t")
    }
}
