/// A number for every band: written in a config as one number, the same for every band, or as
/// a list with one number per band.
public enum BandValues: ConfigRepresentable, Hashable {
    /// One value for every band.
    case uniform(Double)
    /// One value per band, in band order.
    case perBand([Double])

    public static var expectation: String { "a number or a list of numbers (one per band)" }

    public init?(config value: ConfigValue) {
        if let number = Double(config: value) {
            self = .uniform(number)
        } else if let list = [Double](config: value), !list.isEmpty {
            self = .perBand(list)
        } else {
            return nil
        }
    }

    public var configValue: ConfigValue {
        switch self {
        case .uniform(let value): value.configValue
        case .perBand(let values): values.configValue
        }
    }

    /// The bands an operator reading these values takes: as many as a per-band list holds.
    public var bandRequirement: BandRequirement {
        switch self {
        case .uniform: .any
        case .perBand(let values): .exactly(values.count)
        }
    }

    /// Every value written, for range checks.
    public var all: [Double] {
        switch self {
        case .uniform(let value): [value]
        case .perBand(let values): values
        }
    }

    /// The value for each of `bands` bands; fails when a per-band list has another length.
    func resolved(bands: Int, key: String, for operatorName: String) throws(OperatorError) -> [Double] {
        switch self {
        case .uniform(let value):
            return [Double](repeating: value, count: bands)
        case .perBand(let values):
            guard values.count == bands else {
                throw OperatorError(
                    operatorName, "'\(key)' gives \(values.count) values, the input has \(bands) bands")
            }
            return values
        }
    }
}
