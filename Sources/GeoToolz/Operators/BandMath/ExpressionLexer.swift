/// Splits a BandMath expression into tokens. Accepts ASCII operators and their typographic
/// forms (− × ÷ ≤ ≥ ≠), since expressions are often pasted from documents.
enum ExpressionLexer {
    static func tokens(of text: String) throws(ExpressionError) -> [ExpressionToken] {
        let scalars = Array(text.unicodeScalars)
        var tokens = [ExpressionToken]()
        var index = 0
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while let scalar = peek() {
            let column = index + 1
            func emit(_ kind: ExpressionToken.Kind, length: Int = 1) {
                tokens.append(ExpressionToken(kind: kind, column: column))
                index += length
            }
            switch scalar {
            case " ", "\t", "\n", "\r":
                index += 1
            case "0"..."9", ".":
                let (value, length) = try number(in: scalars, from: index)
                emit(.number(value), length: length)
            case "a"..."z", "A"..."Z", "_":
                var end = index
                while end < scalars.count, isIdentifierPart(scalars[end]) { end += 1 }
                var name = ""
                name.unicodeScalars.append(contentsOf: scalars[index..<end])
                emit(.identifier(name), length: end - index)
            case "+": emit(.plus)
            case "-", "−": emit(.minus)
            case "*", "×": emit(.times)
            case "/", "÷": emit(.divide)
            case "(": emit(.leftParenthesis)
            case ")": emit(.rightParenthesis)
            case ",": emit(.comma)
            case "≤": emit(.lessEqual)
            case "≥": emit(.greaterEqual)
            case "≠": emit(.notEqual)
            case "<": peek(1) == "=" ? emit(.lessEqual, length: 2) : emit(.less)
            case ">": peek(1) == "=" ? emit(.greaterEqual, length: 2) : emit(.greater)
            case "=":
                guard peek(1) == "=" else { throw ExpressionError("unexpected '=' (compare with '==')", at: column) }
                emit(.equal, length: 2)
            case "!":
                guard peek(1) == "=" else { throw ExpressionError("unexpected '!' (did you mean '!='?)", at: column) }
                emit(.notEqual, length: 2)
            default:
                throw ExpressionError("unexpected character '\(scalar)'", at: column)
            }
        }
        tokens.append(ExpressionToken(kind: .end, column: scalars.count + 1))
        return tokens
    }

    private static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_": true
        default: false
        }
    }

    /// Reads `digits[.digits][e[+-]digits]` (or `.digits…`) starting at `start`.
    private static func number(in scalars: [Unicode.Scalar], from start: Int) throws(ExpressionError)
        -> (Float, Int)
    {
        var end = start
        func digits() -> Int {
            let first = end
            while end < scalars.count, ("0"..."9").contains(scalars[end]) { end += 1 }
            return end - first
        }
        var mantissaDigits = digits()
        if end < scalars.count, scalars[end] == "." {
            end += 1
            mantissaDigits += digits()
        }
        guard mantissaDigits > 0 else { throw ExpressionError("malformed number", at: start + 1) }
        if end < scalars.count, scalars[end] == "e" || scalars[end] == "E" {
            end += 1
            if end < scalars.count, scalars[end] == "+" || scalars[end] == "-" { end += 1 }
            guard digits() > 0 else {
                throw ExpressionError("malformed number (exponent without digits)", at: start + 1)
            }
        }
        if end < scalars.count, isIdentifierPart(scalars[end]) {
            throw ExpressionError("malformed number (unexpected '\(scalars[end])')", at: end + 1)
        }
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<end])
        guard let value = Double(text), Float(value).isFinite else {
            throw ExpressionError("the number \(text) is out of range", at: start + 1)
        }
        return (Float(value), end - start)
    }
}
