import GeoToolz
import Testing

/// Helpers for the operator tests.
enum OperatorTesting {
    static let loader = PipelineLoader(registry: .standard)

    /// A tensor from its bands' values (each `height · width`, row-major).
    static func tensor(
        _ bands: [[Float]], height: Int, width: Int, transform: GeoTransform = .identity, crs: String = ""
    ) -> GeoTensor {
        precondition(bands.allSatisfy { $0.count == height * width })
        return GeoTensor(
            bands: bands.count, height: height, width: width, values: bands.flatMap { $0 }, transform: transform,
            crs: crs)
    }

    /// A one-row tensor from its bands' values.
    static func row(_ bands: [Float]...) -> GeoTensor {
        tensor(bands, height: 1, width: bands[0].count)
    }

    /// Builds an operator from a config, as a layer file would.
    static func build(_ config: ConfigValue) throws -> any Operator {
        try loader.load(config, at: ConfigPath())
    }

    /// Builds from YAML text.
    static func build(yaml: String) throws -> any Operator {
        try loader.load(text: yaml)
    }

    /// The error building `config` fails with, or nil when it builds.
    static func buildError(_ config: ConfigValue) -> ConfigError? {
        do {
            _ = try build(config)
            return nil
        } catch let error as ConfigError {
            return error
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    /// The message `apply` fails with, or nil when it succeeds.
    static func applyError(_ op: any Operator, _ input: GeoTensor) -> String? {
        do {
            _ = try op.apply(input)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    /// The elements where `actual` and `expected` differ by more than `tolerance` (absolute up
    /// to 1, relative beyond), NaN matching only NaN; empty when they agree.
    static func mismatches(_ actual: [Float], _ expected: [Float], tolerance: Float = 0) -> [String] {
        guard actual.count == expected.count else { return ["\(actual.count) values, expected \(expected.count)"] }
        var found = [String]()
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            let same = (a.isNaN && e.isNaN) || (!a.isNaN && !e.isNaN && abs(a - e) <= tolerance * max(1, abs(e)))
            if !same { found.append("[\(index)] \(a), expected \(e)") }
        }
        return Array(found.prefix(10))
    }

    /// A ramp of pseudo-random values from a fixed seed (a linear congruential generator), so
    /// tests are repeatable without a fixture.
    static func noise(count: Int, seed: UInt64 = 42, in range: ClosedRange<Float> = 0...1) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let unit = Float(state >> 40) / Float(1 << 24)
            return range.lowerBound + unit * (range.upperBound - range.lowerBound)
        }
    }
}
