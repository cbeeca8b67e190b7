import Foundation

/// The elementwise loops behind every `ExpressionOperation`, over plain pointers so the
/// compiler can vectorise them. NaN in any argument gives NaN, comparisons included.
enum ExpressionKernels {
    /// Computes `operation` over `count` elements of its arguments (`b` and `c` are ignored by
    /// operations that take fewer) into `out`, which may be one of the arguments.
    static func run(
        _ operation: ExpressionOperation, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
        _ c: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        switch operation {
        case .copy: map(a, out, count) { $0 }
        case .negate: map(a, out, count) { -$0 }
        case .abs: map(a, out, count) { Swift.abs($0) }
        case .sqrt: map(a, out, count) { $0.squareRoot() }
        case .exp: map(a, out, count) { Foundation.exp($0) }
        case .log: map(a, out, count) { Foundation.log($0) }
        case .log10: map(a, out, count) { Foundation.log10($0) }
        case .floor: map(a, out, count) { $0.rounded(.down) }
        case .ceil: map(a, out, count) { $0.rounded(.up) }
        case .add: map(a, b, out, count) { $0 + $1 }
        case .subtract: map(a, b, out, count) { $0 - $1 }
        case .multiply: map(a, b, out, count) { $0 * $1 }
        case .divide: map(a, b, out, count) { $0 / $1 }
        case .pow: map(a, b, out, count) { Foundation.pow($0, $1) }
        case .min: map(a, b, out, count) { $0.isNaN || $1.isNaN ? .nan : Swift.min($0, $1) }
        case .max: map(a, b, out, count) { $0.isNaN || $1.isNaN ? .nan : Swift.max($0, $1) }
        case .less: map(a, b, out, count) { compare($0, $1, $0 < $1) }
        case .greater: map(a, b, out, count) { compare($0, $1, $0 > $1) }
        case .lessEqual: map(a, b, out, count) { compare($0, $1, $0 <= $1) }
        case .greaterEqual: map(a, b, out, count) { compare($0, $1, $0 >= $1) }
        case .equal: map(a, b, out, count) { compare($0, $1, $0 == $1) }
        case .notEqual: map(a, b, out, count) { compare($0, $1, $0 != $1) }
        case .clamp:
            map(a, b, c, out, count) { x, low, high in
                x.isNaN || low.isNaN || high.isNaN ? .nan : Swift.min(Swift.max(x, low), high)
            }
        case .select:
            map(a, b, c, out, count) { condition, whenTrue, whenFalse in
                condition.isNaN ? .nan : (condition != 0 ? whenTrue : whenFalse)
            }
        }
    }

    @inline(__always)
    private static func compare(_ a: Float, _ b: Float, _ holds: Bool) -> Float {
        a.isNaN || b.isNaN ? .nan : (holds ? 1 : 0)
    }

    @inline(__always)
    private static func map(
        _ a: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int, _ f: (Float) -> Float
    ) {
        for index in 0..<count { out[index] = f(a[index]) }
    }

    @inline(__always)
    private static func map(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int,
        _ f: (Float, Float) -> Float
    ) {
        for index in 0..<count { out[index] = f(a[index], b[index]) }
    }

    @inline(__always)
    private static func map(
        _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ c: UnsafePointer<Float>,
        _ out: UnsafeMutablePointer<Float>, _ count: Int, _ f: (Float, Float, Float) -> Float
    ) {
        for index in 0..<count { out[index] = f(a[index], b[index], c[index]) }
    }
}
