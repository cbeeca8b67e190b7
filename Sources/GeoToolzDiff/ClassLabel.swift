/// A pixel's class in a class raster: its value, or nodata.
public enum ClassLabel: Sendable, Hashable, Comparable, CustomStringConvertible {
    case nodata
    case value(Float)

    /// The label of a value: nodata when it is not finite.
    public init(_ value: Float) {
        self = value.isFinite ? .value(value) : .nodata
    }

    public var description: String {
        switch self {
        case .nodata: "nodata"
        case .value(let value):
            value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(describing: value)
        }
    }
}

extension ClassLabel: Codable {
    /// A class's value, or null for nodata.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .nodata : .value(try container.decode(Float.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .nodata: try container.encodeNil()
        case .value(let value): try container.encode(value)
        }
    }
}
