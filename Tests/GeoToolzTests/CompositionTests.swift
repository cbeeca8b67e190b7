import GeoToolz
import Testing

@Suite struct CompositionTests {
    @Test func pipeComposesAndFlattens() {
        let a = AddConstant(1)
        let b = AddConstant(2)
        let c = AddConstant(3)
        let ab = a | b
        #expect(ab.operators.count == 2)
        let abc = ab | c
        #expect(abc.operators.count == 3)
        let cab = c | ab
        #expect(cab.operators.map { ($0 as! AddConstant).value } == [3, 1, 2])
        let nested = ab | (b | c)
        #expect(nested.operators.count == 4)
        #expect(!nested.operators.contains { $0 is Sequential })
    }

    @Test func initKeepsNestingAsWritten() {
        let inner = Sequential([AddConstant(1), AddConstant(2)])
        let outer = Sequential([inner, AddConstant(3)])
        #expect(outer.operators.count == 2)
        #expect(outer.operators[0] is Sequential)
        #expect(outer.config["operators"]?.arrayValue?[0]["_target_"] == "Sequential")
    }

    @Test func sequentialIsALeftFold() throws {
        let log = EventLog()
        let pipeline =
            Lambda("double") { t in
                log.record("double")
                return t.replacing(bands: t.bands, values: t.values.map { $0 * 2 })
            }
            | AddConstant(1)
            | Tap("after") { t in log.record("tap \(t.values)") }
        let out = try pipeline.apply(ramp())
        // (x · 2) + 1, not (x + 1) · 2
        #expect(out.values == [1, 3, 5, 7])
        #expect(log.all == ["double", "tap [1.0, 3.0, 5.0, 7.0]"])
    }

    @Test func emptySequentialIsIdentity() throws {
        #expect(try Sequential([]).apply(ramp()) == ramp())
        #expect(try Identity().apply(ramp()) == ramp())
    }

    @Test func halosAdd() {
        let pipeline = AddConstant(0, halo: 1) | AddConstant(0) | AddConstant(0, halo: 2)
        #expect(pipeline.halo == 3)
        let nested = Sequential([pipeline, Lambda("blur", halo: 4) { $0 }])
        #expect(nested.halo == 7)
        #expect(Identity().halo == 0)
        #expect(Sequential([]).halo == 0)
    }

    @Test func warningsTravelWithTheTensor() throws {
        let warn = Lambda("warn") { t in
            var out = t
            out.warnings.append("suspicious values")
            return out
        }
        let out = try (warn | AddConstant(1)).apply(ramp())
        #expect(out.warnings == ["suspicious values"])
    }

    @Test func stackConcatenatesBands() throws {
        let out = try Stack().apply(inputs: [ramp(), ramp(bands: 2)])
        #expect(out.bands == 3)
        #expect(out.values == [0, 1, 2, 3, 0, 1, 2, 3, 4, 5, 6, 7])
        #expect(throws: OperatorError.self) { try Stack().apply(inputs: [ramp(), ramp(height: 3)]) }
    }

    @Test func singleInputOperatorsRefuseSeveralInputs() {
        #expect(throws: OperatorError.self) { try AddConstant(1).apply(inputs: [ramp(), ramp()]) }
    }
}
