/// Reads a BandMath expression by recursive descent. The grammar, loosest binding first:
///
///     expression := sum [('<' | '>' | '<=' | '>=' | '==' | '!=') sum]
///     sum        := product (('+' | '-') product)*
///     product    := unary (('*' | '/') unary)*
///     unary      := ('-' | '+') unary | primary
///     primary    := number | band | function '(' expression (',' expression)* ')' | '(' expression ')'
///
/// Bands are `b1`, `b2`, … (1-based). Only the functions in `ExpressionOperation.functions`
/// exist; nothing is ever looked up or run beyond them.
struct ExpressionParser {
    /// The deepest nesting accepted, so a hostile expression cannot exhaust the stack.
    static let maxDepth = 64

    private let tokens: [ExpressionToken]
    private var position = 0
    private var depth = 0

    private init(tokens: [ExpressionToken]) {
        self.tokens = tokens
    }

    static func parse(_ text: String) throws(ExpressionError) -> ExpressionSyntax {
        var parser = ExpressionParser(tokens: try ExpressionLexer.tokens(of: text))
        guard parser.current.kind != .end else { throw ExpressionError("the expression is empty", at: 1) }
        let syntax = try parser.expression()
        guard parser.current.kind == .end else { throw parser.unexpected() }
        return syntax
    }

    private var current: ExpressionToken { tokens[position] }

    private mutating func advance() -> ExpressionToken {
        defer { position += 1 }
        return tokens[position]
    }

    private func unexpected() -> ExpressionError {
        ExpressionError("unexpected \(current.quoted)", at: current.column)
    }

    private mutating func expression() throws(ExpressionError) -> ExpressionSyntax {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            throw ExpressionError("the expression nests more than \(Self.maxDepth) deep", at: current.column)
        }
        let left = try sum()
        let comparison: ExpressionOperation
        switch current.kind {
        case .less: comparison = .less
        case .greater: comparison = .greater
        case .lessEqual: comparison = .lessEqual
        case .greaterEqual: comparison = .greaterEqual
        case .equal: comparison = .equal
        case .notEqual: comparison = .notEqual
        default: return left
        }
        _ = advance()
        return .apply(comparison, [left, try sum()])
    }

    private mutating func sum() throws(ExpressionError) -> ExpressionSyntax {
        var result = try product()
        while true {
            switch current.kind {
            case .plus:
                _ = advance()
                result = .apply(.add, [result, try product()])
            case .minus:
                _ = advance()
                result = .apply(.subtract, [result, try product()])
            default:
                return result
            }
        }
    }

    private mutating func product() throws(ExpressionError) -> ExpressionSyntax {
        var result = try unary()
        while true {
            switch current.kind {
            case .times:
                _ = advance()
                result = .apply(.multiply, [result, try unary()])
            case .divide:
                _ = advance()
                result = .apply(.divide, [result, try unary()])
            default:
                return result
            }
        }
    }

    private mutating func unary() throws(ExpressionError) -> ExpressionSyntax {
        switch current.kind {
        case .minus, .plus:
            let sign = advance()
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else {
                throw ExpressionError("the expression nests more than \(Self.maxDepth) deep", at: sign.column)
            }
            let operand = try unary()
            return sign.kind == .minus ? .apply(.negate, [operand]) : operand
        default:
            return try primary()
        }
    }

    private mutating func primary() throws(ExpressionError) -> ExpressionSyntax {
        let token = current
        switch token.kind {
        case .number(let value):
            _ = advance()
            return .constant(value)
        case .leftParenthesis:
            _ = advance()
            let inner = try expression()
            guard current.kind == .rightParenthesis else {
                throw ExpressionError(
                    "expected ')' to close the '(' at column \(token.column), found \(current.quoted)",
                    at: current.column)
            }
            _ = advance()
            return inner
        case .identifier(let name):
            _ = advance()
            if current.kind == .leftParenthesis { return try call(name, at: token.column) }
            return try band(name, at: token.column)
        default:
            throw unexpected()
        }
    }

    private func band(_ name: String, at column: Int) throws(ExpressionError) -> ExpressionSyntax {
        guard name.first == "b", name.count > 1, name.dropFirst().allSatisfy(\.isASCII),
            name.dropFirst().allSatisfy(\.isNumber)
        else {
            if ExpressionOperation.functions[name] != nil {
                throw ExpressionError("the function '\(name)' needs arguments in parentheses", at: column)
            }
            throw ExpressionError("unknown name '\(name)' (bands are b1, b2, …)", at: column)
        }
        guard let number = Int(name.dropFirst()), number >= 1 else {
            throw ExpressionError("no band '\(name)': bands are numbered from b1", at: column)
        }
        guard number <= BandNumbers.highest else {
            throw ExpressionError(
                "no band '\(name)': no raster holds more than \(BandNumbers.highest) bands", at: column)
        }
        return .band(number, column: column)
    }

    private mutating func call(_ name: String, at column: Int) throws(ExpressionError) -> ExpressionSyntax {
        guard let function = ExpressionOperation.functions[name] else {
            let known = ExpressionOperation.functions.keys.sorted().joined(separator: ", ")
            throw ExpressionError("unknown function '\(name)' (functions: \(known))", at: column)
        }
        _ = advance()  // '('
        var arguments = [try expression()]
        while current.kind == .comma {
            _ = advance()
            arguments.append(try expression())
        }
        guard current.kind == .rightParenthesis else {
            throw ExpressionError(
                "expected ',' or ')' in the arguments of \(name), found \(current.quoted)", at: current.column)
        }
        _ = advance()
        let expected = function.arguments
        guard arguments.count == expected || (function.variadic && arguments.count > expected) else {
            let count = function.variadic ? "at least \(expected)" : "\(expected)"
            throw ExpressionError(
                "\(name) takes \(count) argument\(expected == 1 ? "" : "s"), was given \(arguments.count)", at: column)
        }
        guard function.variadic else { return .apply(function.operation, arguments) }
        // min and max of many arguments fold into a chain of two-argument calls.
        return arguments.dropFirst(2).reduce(.apply(function.operation, Array(arguments.prefix(2)))) {
            .apply(function.operation, [$0, $1])
        }
    }
}
