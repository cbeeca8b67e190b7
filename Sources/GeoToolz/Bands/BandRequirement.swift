/// How many bands an operator takes from one input.
public enum BandRequirement: Sendable, Hashable, CustomStringConvertible {
    /// Any number of bands.
    case any
    /// Exactly this many.
    case exactly(Int)
    /// This many or more.
    case atLeast(Int)

    /// Whether `count` bands are acceptable.
    public func accepts(_ count: Int) -> Bool {
        switch self {
        case .any: true
        case .exactly(let n): count == n
        case .atLeast(let n): count >= n
        }
    }

    public var description: String {
        switch self {
        case .any: "any number of bands"
        case .exactly(let n): n == 1 ? "1 band" : "\(n) bands"
        case .atLeast(let n): "at least \(n) band\(n == 1 ? "" : "s")"
        }
    }
}

extension BandRequirement {
    /// This requirement, or `other` where this one takes any number.
    public func or(_ other: BandRequirement) -> BandRequirement {
        self == .any ? other : self
    }
}
