import Foundation
import GeoToolz
import Testing

@Suite struct BandMathTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    /// The result of `expression` over a one-pixel tensor with bands `bands`.
    func evaluate(_ expression: String, _ bands: Float...) throws -> Float {
        let input = OperatorTesting.tensor(bands.map { [$0] }, height: 1, width: 1)
        return try BandMath(expression: expression).apply(input).values[0]
    }

    @Test func arithmeticFollowsTheUsualPrecedenceAndAssociativity() throws {
        #expect(try evaluate("1 + 2 * 3", 0) == 7)
        #expect(try evaluate("(1 + 2) * 3", 0) == 9)
        #expect(try evaluate("2 - 3 - 4", 0) == -5)
        #expect(try evaluate("8 / 4 / 2", 0) == 1)
        #expect(try evaluate("-b1 * 2", 3) == -6)
        #expect(try evaluate("-(-b1)", 3) == 3)
        #expect(try evaluate("--b1 + +b1", 3) == 6)
        #expect(try evaluate("b1 − b2 × 2 ÷ 4", 10, 4) == 8)
        #expect(try evaluate("1.5e1 + .5", 0) == 15.5)
    }

    @Test func comparisonsGiveOneOrZero() throws {
        #expect(try evaluate("b1 > b2", 2, 1) == 1)
        #expect(try evaluate("b1 < b2", 2, 1) == 0)
        #expect(try evaluate("b1 >= 2", 2) == 1)
        #expect(try evaluate("b1 <= 1.5", 2) == 0)
        #expect(try evaluate("b1 == 2", 2) == 1)
        #expect(try evaluate("b1 != 2", 2) == 0)
        #expect(try evaluate("b1 + 1 > 2 * b1", 0.5) == 1)
    }

    @Test func functionsComputeWhatTheySay() throws {
        #expect(try evaluate("abs(b1)", -3) == 3)
        #expect(try evaluate("sqrt(b1)", 16) == 4)
        #expect(try evaluate("min(b1, 3, b2, 7)", 5, 2) == 2)
        #expect(try evaluate("max(b1, 3, b2)", 5, 2) == 5)
        #expect(try evaluate("pow(b1, 3)", 2) == 8)
        #expect(try evaluate("clamp(b1, 0, 1)", 1.7) == 1)
        #expect(try evaluate("floor(b1) + ceil(b1)", 2.5) == 5)
        #expect(abs(try evaluate("log(exp(b1))", 1.25) - 1.25) < 1e-6)
        #expect(try evaluate("log10(b1)", 1000) == 3)
        #expect(try evaluate("where(b1 > 0, b1, 0 - b1)", -4) == 4)
        #expect(try evaluate("where(b2 == 0, 0, b1 / b2)", 3, 0) == 0)
    }

    @Test func invalidResultsAndInputsAreNodata() throws {
        #expect(try evaluate("b1 / b2", 1, 0).isNaN)
        #expect(try evaluate("b1 / b2", 0, 0).isNaN)
        #expect(try evaluate("sqrt(b1)", -1).isNaN)
        #expect(try evaluate("log(b1)", 0).isNaN)
        #expect(try evaluate("b1 > 0", .nan).isNaN)
        #expect(try evaluate("min(b1, 1)", .nan).isNaN)
        #expect(try evaluate("where(b1 > 0, 1, 2)", .nan).isNaN)
        // A pixel invalid in any band of the input is invalid in the output, read or not.
        #expect(try evaluate("b1", 1, .nan).isNaN)
    }

    @Test func constantsFoldWithoutChangingResults() throws {
        #expect(try evaluate("2 * 3 + b1", 1) == 7)
        #expect(try evaluate("1 / 0 + b1 * 0", 1).isNaN)
        #expect(try evaluate("sqrt(16) * max(1, 2, 3)", 0) == 12)
        #expect(try evaluate("4", 1) == 4)
    }

    /// A long, deep expression over a tensor larger than one evaluation chunk, against the
    /// same arithmetic written out in Swift.
    @Test func largeTensorsAndDeepExpressionsMatchAReferenceLoop() throws {
        let (height, width) = (23, 31)
        let count = height * width
        let a = T.noise(count: count, seed: 1, in: -1...1)
        let b = T.noise(count: count, seed: 2, in: 0...2)
        let c = T.noise(count: count, seed: 3, in: -3...3)
        let expression = "where(b1 > 0, (b1 + b2) * (b2 - b3) / (1 + abs(b3)), min(b1, b2 * (b3 - (b1 - (b2 + 0.5)))))"
        let output = try BandMath(expression: expression).apply(T.tensor([a, b, c], height: height, width: width))
        let expected = (0..<count).map { i -> Float in
            let (x, y, z) = (a[i], b[i], c[i])
            return x > 0 ? (x + y) * (y - z) / (1 + abs(z)) : min(x, y * (z - (x - (y + 0.5))))
        }
        #expect(T.mismatches(output.values, expected).isEmpty)
    }

    @Test(arguments: [
        ("(b4 - b3))", "unexpected ')' at column 10"),
        ("b1 + ", "unexpected end of expression at column 6"),
        ("", "the expression is empty at column 1"),
        (
            "exec(b1)",
            "unknown function 'exec' (functions: abs, ceil, clamp, exp, floor, log, log10, max, min, pow, sqrt, where) at column 1"
        ),
        ("b0 * 2", "no band 'b0': bands are numbered from b1 at column 1"),
        ("b1 + red", "unknown name 'red' (bands are b1, b2, …) at column 6"),
        ("b1 = 2", "unexpected '=' (compare with '==') at column 4"),
        ("b1 ; b2", "unexpected character ';' at column 4"),
        ("(b1 + 2", "expected ')' to close the '(' at column 1, found end of expression at column 8"),
        ("min(b1)", "min takes at least 2 arguments, was given 1 at column 1"),
        ("sqrt(b1, b2)", "sqrt takes 1 argument, was given 2 at column 1"),
        ("abs + 1", "the function 'abs' needs arguments in parentheses at column 1"),
        ("1 < 2 < 3", "unexpected '<' at column 7"),
        ("2e", "malformed number (exponent without digits) at column 1"),
        ("1e999", "the number 1e999 is out of range at column 1"),
        ("__import__('os')", "unexpected character ''' at column 12"),
    ])
    func badExpressionsFailWithTheColumnOfTheProblem(_ expression: String, _ message: String) {
        #expect(throws: ExpressionError.self) { try BandMath(expression: expression) }
        do {
            _ = try BandMath(expression: expression)
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func hostileExpressionsAreRefusedBeforeTheyCanExhaustAnything() {
        let deep = String(repeating: "(", count: 200) + "b1" + String(repeating: ")", count: 200)
        #expect(throws: ExpressionError.self) { try BandMath(expression: deep) }
        let negations = String(repeating: "-", count: 200) + "b1"
        #expect(throws: ExpressionError.self) { try BandMath(expression: negations) }
        let long = Array(repeating: "b1", count: 2000).joined(separator: "+")
        #expect(throws: ExpressionError.self) { try BandMath(expression: long) }
    }

    @Test func aConfigWithABadExpressionFailsAtTheExpression() {
        let error = T.buildError(["_target_": "BandMath", "expression": "b1 +* 2"])
        #expect(error?.path.description.hasSuffix("expression") == true)
        #expect(error?.message == "unexpected '*' at column 5 in 'b1 +* 2'")
    }

    @Test func bandsBeyondTheInputAreReportedWhenApplied() throws {
        let op = try BandMath(expression: "b2 + b9 * b3")
        let message = T.applyError(op, T.tensor(Array(repeating: [1], count: 7), height: 1, width: 1))
        #expect(message == "BandMath: unknown band 'b9' at column 6 (the input has 7 bands)")
    }
}
