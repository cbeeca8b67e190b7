/// One lexical unit of a BandMath expression, with the column it starts at.
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Float)
        case identifier(String)
        case plus, minus, times, divide
        case less, greater, lessEqual, greaterEqual, equal, notEqual
        case leftParenthesis, rightParenthesis, comma
        case end
    }

    let kind: Kind
    let column: Int

    /// How the token reads in messages.
    var quoted: String {
        switch kind {
        case .number(let value): "number \(value)"
        case .identifier(let name): "'\(name)'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .times: "'*'"
        case .divide: "'/'"
        case .less: "'<'"
        case .greater: "'>'"
        case .lessEqual: "'<='"
        case .greaterEqual: "'>='"
        case .equal: "'=='"
        case .notEqual: "'!='"
        case .leftParenthesis: "'('"
        case .rightParenthesis: "')'"
        case .comma: "','"
        case .end: "end of expression"
        }
    }
}
