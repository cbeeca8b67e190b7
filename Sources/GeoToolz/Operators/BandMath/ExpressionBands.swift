extension BandMath {
    /// The bands `expression` names (1-based, ascending, each once), after checking that it
    /// parses: a bad expression fails with the column of the problem, as `init(expression:)` does.
    ///
    /// With `renumbered(_:as:)`, a reader can fetch only these bands and hand them to BandMath
    /// in this order.
    public static func bands(in expression: String) throws(ExpressionError) -> [Int] {
        guard expression.unicodeScalars.count <= maxLength else {
            throw ExpressionError("the expression is longer than \(maxLength) characters", at: maxLength + 1)
        }
        var named = Set<Int>()
        collectBands(try ExpressionParser.parse(expression), into: &named)
        return named.sorted()
    }

    /// `expression` with every band renamed by `numbers` (`b4` becomes `b\(numbers[4]!)`), and
    /// nothing else changed; it must parse, and `numbers` must hold every band it names.
    public static func renumbered(_ expression: String, as numbers: [Int: Int]) throws(ExpressionError) -> String {
        let tokens = try ExpressionLexer.tokens(of: expression)
        let scalars = Array(expression.unicodeScalars)
        var result = String.UnicodeScalarView()
        var copied = 0
        for token in tokens {
            guard case .identifier(let name) = token.kind, name.first == "b",
                let number = Int(name.dropFirst()), name.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })
            else { continue }
            // A function name followed by '(' is never a band; `b1(` fails to parse anyway.
            guard let replacement = numbers[number] else {
                throw ExpressionError("no renumbering for band 'b\(number)'", at: token.column)
            }
            let start = token.column - 1
            result.append(contentsOf: scalars[copied..<start])
            result.append(contentsOf: "b\(replacement)".unicodeScalars)
            copied = start + name.unicodeScalars.count
        }
        result.append(contentsOf: scalars[copied...])
        return String(result)
    }

    private static func collectBands(_ syntax: ExpressionSyntax, into named: inout Set<Int>) {
        switch syntax {
        case .constant: break
        case .band(let number, _): named.insert(number)
        case .apply(_, let arguments): for argument in arguments { collectBands(argument, into: &named) }
        }
    }
}
