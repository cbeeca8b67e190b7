/// The canonical JSON form of a config: the text its hash is taken over.
///
/// It follows RFC 8785 (JSON Canonicalization Scheme): no white space, object keys sorted by
/// UTF-16 code units, strings escaped minimally, and numbers written as ECMAScript writes them
/// (shortest round-trip digits; `1.0` is `1`, `1e-7` is `1e-7`, `0.000001` is `0.000001`).
/// The same value gives the same bytes on every run, process and machine.
public enum CanonicalJSON {
    /// The canonical text of `value`.
    public static func string(_ value: ConfigValue) -> String {
        var out = ""
        write(value, to: &out)
        return out
    }

    /// The canonical text of `value` as UTF-8 bytes.
    public static func bytes(_ value: ConfigValue) -> [UInt8] {
        Array(string(value).utf8)
    }

    private static func write(_ value: ConfigValue, to out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += format(number)
        case .string(let text): writeString(text, to: &out)
        case .array(let elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                write(element, to: &out)
            }
            out += "]"
        case .object(let entries):
            out += "{"
            for (index, key) in sortedKeys(entries).enumerated() {
                if index > 0 { out += "," }
                writeString(key, to: &out)
                out += ":"
                write(entries[key]!, to: &out)
            }
            out += "}"
        }
    }

    /// Keys in UTF-16 code unit order, as RFC 8785 sorts them.
    static func sortedKeys(_ entries: [String: ConfigValue]) -> [String] {
        entries.keys.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// ECMAScript's Number::toString over Swift's shortest round-trip digits.
    /// Non-finite numbers have no JSON form; they are written as `null`.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return "0" }
        let (digits, pointPosition) = shortestDigits(abs(number))
        let sign = number < 0 ? "-" : ""
        let k = digits.count
        let n = pointPosition
        let body: String
        if k <= n && n <= 21 {
            body = digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let split = digits.index(digits.startIndex, offsetBy: n)
            body = digits[..<split] + "." + digits[split...]
        } else if -6 < n && n <= 0 {
            body = "0." + String(repeating: "0", count: -n) + digits
        } else {
            let exponent = n - 1
            let mantissa =
                k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
            body = mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
        }
        return sign + body
    }

    /// The shortest decimal digits `d₁…d_k` (no leading or trailing zeros) and the position `n`
    /// of the decimal point such that `value = 0.d₁…d_k × 10ⁿ`.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        // Swift's description is the shortest string that round-trips (e.g. "1e-05", "123.25").
        let text = value.description
        let parts = text.split(separator: "e", maxSplits: 1)
        let exponent = parts.count == 2 ? Int(parts[1])! : 0
        let mantissa = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let integerPart = String(mantissa[0])
        let fractionPart = mantissa.count > 1 ? String(mantissa[1]) : ""
        var digits = Substring(integerPart + fractionPart)
        // value = int(digits) × 10^(exponent − fraction length)
        var scale = exponent - fractionPart.count
        digits = digits.drop(while: { $0 == "0" })
        while digits.last == "0" {
            digits.removeLast()
            scale += 1
        }
        return (String(digits), scale + digits.count)
    }
}
