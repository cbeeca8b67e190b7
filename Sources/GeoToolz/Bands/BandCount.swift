/// How many bands a tensor holds, as far as it is known before any pixel is read.
public enum BandCount: Sendable, Hashable, CustomStringConvertible {
    /// Exactly this many bands.
    case exactly(Int)
    /// Decided only when the operator runs (e.g. by a closure).
    case unknown

    /// The count, when known.
    public var known: Int? {
        if case .exactly(let count) = self { return count }
        return nil
    }

    public var description: String {
        switch self {
        case .exactly(let count): count == 1 ? "1 band" : "\(count) bands"
        case .unknown: "an unknown number of bands"
        }
    }
}
