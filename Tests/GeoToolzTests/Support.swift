import Foundation
import GeoToolz

/// A small tensor whose values are 0, 1, 2, … in band-major order.
func ramp(bands: Int = 1, height: Int = 2, width: Int = 2) -> GeoTensor {
    GeoTensor(
        bands: bands, height: height, width: width,
        values: (0..<(bands * height * width)).map(Float.init))
}

/// Adds a constant to every value: a registered operator with typed parameters, for tests.
struct AddConstant: RegisteredOperator {
    static let registryName = "AddConstant"
    let value: Float
    let halo: Int

    init(_ value: Float, halo: Int = 0) {
        self.value = value
        self.halo = halo
    }

    init(from reader: inout ParameterReader) throws {
        value = try reader.required("value")
        halo = try reader.optional("halo", default: 0)
        guard halo >= 0 else { throw reader.invalid("halo", "halo cannot be negative") }
    }

    var parameters: [String: ConfigValue] { ["value": value.configValue, "halo": halo.configValue] }

    func apply(_ input: GeoTensor) throws -> GeoTensor {
        input.replacing(bands: input.bands, values: input.values.map { $0 + value })
    }
}

/// The core registry plus the test operator.
let testRegistry = OperatorRegistry.standard.merging(OperatorRegistry([AddConstant.self]))

/// A thread-safe list of events, for observing the order operators run in.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []

    func record(_ event: String) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    var all: [String] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }
}

/// Loads a pipeline from YAML/JSON text with the test registry, returning the located error.
func loadError(_ text: String, limits: PipelineLimits = PipelineLimits()) -> ConfigError? {
    do {
        _ = try PipelineLoader(registry: testRegistry, limits: limits).load(text: text, source: "test.yaml")
        return nil
    } catch {
        return error
    }
}
