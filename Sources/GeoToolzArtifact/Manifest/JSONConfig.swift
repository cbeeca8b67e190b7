import GeoToolz

/// A `ConfigValue` as it sits in the manifest's JSON; read back, it goes through the sandboxed
/// loader like any layer file before anything is built from it.
public struct JSONConfig: Codable, Sendable, Hashable {
    public let value: ConfigValue

    public init(_ value: ConfigValue) {
        self.value = value
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            value = .null
        } else if let bool = try? container.decode(Bool.self) {
            value = .bool(bool)
        } else if let number = try? container.decode(Double.self) {
            value = .number(number)
        } else if let string = try? container.decode(String.self) {
            value = .string(string)
        } else if let array = try? container.decode([JSONConfig].self) {
            value = .array(array.map(\.value))
        } else {
            value = .object(try container.decode([String: JSONConfig].self).mapValues(\.value))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let bool): try container.encode(bool)
        case .number(let number): try container.encode(number)
        case .string(let string): try container.encode(string)
        case .array(let array): try container.encode(array.map(JSONConfig.init))
        case .object(let object): try container.encode(object.mapValues(JSONConfig.init))
        }
    }
}
