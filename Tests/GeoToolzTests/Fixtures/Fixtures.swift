import Foundation
import GeoToolz

/// Expected values computed outside Swift (numpy, matplotlib, gdaldem) by
/// `scripts/generate-fixtures.py`, each held as JSON text in a generated `Fixtures+*.swift`.
enum Fixtures {
    /// Parses a fixture's JSON text.
    static func parse(_ text: String) -> FixtureValue {
        FixtureValue(try! JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed]))
    }
}

/// A node of a parsed fixture, read by the shape the test expects.
///
/// Unchecked: it wraps the immutable objects JSONSerialization returns and never mutates them.
struct FixtureValue: @unchecked Sendable {
    let raw: Any

    init(_ raw: Any) {
        self.raw = raw
    }

    subscript(key: String) -> FixtureValue {
        guard let object = raw as? [String: Any], let value = object[key] else {
            fatalError("fixture has no key '\(key)'")
        }
        return FixtureValue(value)
    }

    var array: [FixtureValue] { (raw as! [Any]).map(FixtureValue.init) }
    var keys: [String] { (raw as! [String: Any]).keys.sorted() }
    var double: Double { (raw as! NSNumber).doubleValue }
    var int: Int { (raw as! NSNumber).intValue }
    var isNull: Bool { raw is NSNull }
    /// Numbers as Float32, null as NaN.
    var floats: [Float] { array.map { $0.isNull ? .nan : Float($0.double) } }
    var doubles: [Double] { array.map(\.double) }
    /// Integers, null as nil.
    var optionalInts: [Int?] { array.map { $0.isNull ? nil : $0.int } }
    var ints: [Int] { array.map(\.int) }
    /// The value as a config value (JSON numbers, strings, lists, mappings).
    var config: ConfigValue {
        switch raw {
        case let text as String: .string(text)
        case let list as [Any]: .array(list.map { FixtureValue($0).config })
        case let number as NSNumber: .number(number.doubleValue)
        default: fatalError("not a config value: \(raw)")
        }
    }
}
