import GeoToolz
import Testing

@Suite struct QualityControlTests {
    typealias T = OperatorTesting

    @Test func valuesInRangePassThroughUntouched() throws {
        let input = T.row([0, 0.5, 1, .nan, .infinity])
        let output = try AssertValueRange(min: 0, max: 1).apply(input)
        #expect(output == input)
        #expect(output.warnings.isEmpty)
    }

    @Test func valuesOutOfRangeFailTheRenderWhenRaising() throws {
        let message = T.applyError(try AssertValueRange(min: 0, max: 1), T.row([-0.2, 0.5, 1.4, .nan]))
        #expect(message == "AssertValueRange: 2 of 4 values lie outside [0.0, 1.0] (valid values span -0.2…1.4)")
    }

    @Test func valuesOutOfRangeWarnTheCallerWhenWarning() throws {
        let input = T.row([-0.2, 0.5])
        let output = try T.build(["_target_": "AssertValueRange", "min": 0, "onFail": "warn"]).apply(input)
        #expect(output.values == input.values)
        #expect(
            output.warnings == ["AssertValueRange: 1 of 2 values lie outside [0.0, ∞] (valid values span -0.2…0.5)"])
    }

    @Test func tooFewValidPixelsFailOrWarn() throws {
        let input = T.row([1, .nan, .nan, .nan])
        #expect(try T.applyError(AssertValidFraction(minValid: 0.5), input) != nil)
        let warned = try AssertValidFraction(minValid: 0.5, onFail: .warn).apply(input)
        #expect(warned.warnings == ["AssertValidFraction: 25.0% of pixels are valid, fewer than the 50.0% required"])
        #expect(try AssertValidFraction(minValid: 0.25).apply(input).warnings.isEmpty)
    }

    @Test func aWarningReachesTheEndOfTheLayer() throws {
        let layer = try T.build(
            yaml: """
                _target_: Sequential
                operators:
                  - {_target_: AssertValidFraction, minValid: 0.9, onFail: warn}
                  - {_target_: LinearStretch, vmin: 0, vmax: 10}
                  - {_target_: AssertValueRange, min: 0, max: 1, onFail: warn}
                  - {_target_: Colormap, name: viridis, vmin: 0, vmax: 1}
                """)
        let output = try layer.apply(T.row([1, 5, .nan, 9]))
        #expect(output.warnings.count == 1)
        #expect(output.warnings.first?.hasPrefix("AssertValidFraction: 75.0%") == true)
        #expect(output.palette != nil)
    }

    @Test func badSettingsAreRefused() {
        #expect(T.buildError(["_target_": "AssertValueRange"])?.message.contains("give 'min', 'max' or both") == true)
        #expect(T.buildError(["_target_": "AssertValueRange", "min": 2, "max": 1]) != nil)
        #expect(T.buildError(["_target_": "AssertValueRange", "min": 0, "onFail": "ignore"]) != nil)
        #expect(T.buildError(["_target_": "AssertValidFraction", "minValid": 1.5]) != nil)
    }
}
