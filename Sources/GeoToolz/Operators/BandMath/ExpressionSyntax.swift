/// A parsed BandMath expression.
indirect enum ExpressionSyntax: Equatable {
    case constant(Float)
    /// A band, 1-based, and the column it was named at.
    case band(Int, column: Int)
    case apply(ExpressionOperation, [ExpressionSyntax])
}

/// Everything an expression can compute, each elementwise over whole bands, NaN in → NaN out.
enum ExpressionOperation: Equatable {
    case copy, negate
    case add, subtract, multiply, divide
    /// Comparisons give 1 or 0.
    case less, greater, lessEqual, greaterEqual, equal, notEqual
    case abs, sqrt, exp, log, log10, floor, ceil
    case min, max, pow
    /// `clamp(x, low, high)`.
    case clamp
    /// `where(condition, a, b)`: `a` where the condition is non-zero, `b` where it is zero.
    case select

    /// The functions an expression may call, by name, with how many arguments each takes
    /// (for variadic ones, at least; min and max fold over any number of arguments).
    static let functions: [String: (operation: ExpressionOperation, arguments: Int, variadic: Bool)] = [
        "abs": (.abs, 1, false), "sqrt": (.sqrt, 1, false), "exp": (.exp, 1, false), "log": (.log, 1, false),
        "log10": (.log10, 1, false), "floor": (.floor, 1, false), "ceil": (.ceil, 1, false),
        "min": (.min, 2, true), "max": (.max, 2, true), "pow": (.pow, 2, false), "clamp": (.clamp, 3, false),
        "where": (.select, 3, false),
    ]
}
