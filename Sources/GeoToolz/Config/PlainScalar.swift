/// How YAML 1.2's core schema reads a plain (unquoted) scalar.
enum PlainScalar {
    /// The YAML 1.2 core schema for plain scalars.
    static func resolve(_ text: String, fail: (String) -> ConfigError) throws(ConfigError)
        -> ConfigValue
    {
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "true", "True", "TRUE": return .bool(true)
        case "false", "False", "FALSE": return .bool(false)
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF",
            ".nan", ".NaN", ".NAN":
            throw fail("non-finite numbers ('\(text)') are not allowed")
        default: break
        }
        if let number = parseNumber(text) {
            guard number.isFinite else { throw fail("the number '\(text)' is out of range") }
            return .number(number)
        }
        return .string(text)
    }

    /// Decimal integers and floats, `0x` hex and `0o` octal integers; nil when `text` is none.
    static func parseNumber(_ text: String) -> Double? {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        if body.hasPrefix("0x") || body.hasPrefix("0o") {
            let radix = body.hasPrefix("0x") ? 16 : 8
            guard text.first != "+" && text.first != "-", let value = Int(body.dropFirst(2), radix: radix)
            else { return nil }
            return Double(value)
        }
        // [0-9]+(\.[0-9]*)? or \.[0-9]+, then an optional exponent.
        var index = body.startIndex
        var mantissaDigits = 0
        while index < body.endIndex, body[index].isASCII, body[index].isNumber {
            mantissaDigits += 1
            index = body.index(after: index)
        }
        if index < body.endIndex, body[index] == "." {
            index = body.index(after: index)
            while index < body.endIndex, body[index].isASCII, body[index].isNumber {
                mantissaDigits += 1
                index = body.index(after: index)
            }
        }
        guard mantissaDigits > 0 else { return nil }
        if index < body.endIndex, body[index] == "e" || body[index] == "E" {
            index = body.index(after: index)
            if index < body.endIndex, body[index] == "-" || body[index] == "+" {
                index = body.index(after: index)
            }
            var exponentDigits = 0
            while index < body.endIndex, body[index].isASCII, body[index].isNumber {
                exponentDigits += 1
                index = body.index(after: index)
            }
            guard exponentDigits > 0 else { return nil }
        }
        guard index == body.endIndex, let value = Double(body) else { return nil }
        return negative ? -value : value
    }

    /// Whether `text` written plain would read back as the same string.
    static func readsBackAsString(_ text: String) -> Bool {
        let value = try? resolve(text) { ConfigError($0, at: ConfigPath()) }
        return value == .string(text)
    }
}
