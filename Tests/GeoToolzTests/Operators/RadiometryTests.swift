import GeoToolz
import Testing

@Suite struct RadiometryTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    /// The statistics fixture: a 3-band sample with holes, and numpy's results.
    static let fixture = Fixtures.parse(Fixtures.statistics)
    static var sample: GeoTensor {
        GeoTensor(
            bands: fixture["bands"].int, height: fixture["height"].int, width: fixture["width"].int,
            values: fixture["values"].floats)
    }

    @Test func scaleTurnsDigitalNumbersIntoReflectance() throws {
        let op = try T.build(["_target_": "Scale", "scale": 0.0000275, "offset": -0.2])
        let output = try op.apply(T.row([7273, 40000, .nan]))
        #expect(
            T.mismatches(output.values, [7273 * 0.0000275 - 0.2, 40000 * 0.0000275 - 0.2, nan], tolerance: 1e-6).isEmpty
        )
    }

    @Test func scaleTakesOneValuePerBand() throws {
        let op = Scale(scale: .perBand([1, 10]), offset: .perBand([0, 1]))
        #expect(try op.apply(T.row([1, 2], [1, 2])).values == [1, 2, 11, 21])
        #expect(T.applyError(op, T.row([1], [1], [1]))?.contains("gives 2 values, the input has 3 bands") == true)
    }

    @Test func linearStretchMapsVminToZeroAndVmaxToOne() throws {
        let input = T.row([-100, 0, 250, 1000, 1500, .nan])
        let clipped = try T.build(["_target_": "LinearStretch", "vmin": 0, "vmax": 1000]).apply(input)
        #expect(T.mismatches(clipped.values, [0, 0, 0.25, 1, 1, nan]).isEmpty)
        let unclipped = try LinearStretch(vmin: .uniform(0), vmax: .uniform(1000), clip: false).apply(input)
        #expect(T.mismatches(unclipped.values, [-0.1, 0, 0.25, 1, 1.5, nan]).isEmpty)
    }

    @Test func aStretchOfEqualLimitsMapsEveryValueToZero() throws {
        let output = try LinearStretch(vmin: .uniform(5), vmax: .uniform(5)).apply(T.row([4, 5, 6, .nan]))
        #expect(T.mismatches(output.values, [0, 0, 0, nan]).isEmpty)
        #expect(
            T.buildError(["_target_": "LinearStretch", "vmin": 2, "vmax": 1])?.message.contains("below vmin") == true)
    }

    @Test func gammaMatchesNumpyAndClampsNegativesToZero() throws {
        let clipped = Self.fixture["percentileClip2to98"].floats
        let input = GeoTensor(bands: 3, height: 12, width: 14, values: clipped)
        let output = try Gamma(gamma: 2.2).apply(input)
        #expect(T.mismatches(output.values, Self.fixture["gamma22OfClipped"].floats, tolerance: 1e-6).isEmpty)
        #expect(try Gamma(gamma: 2).apply(T.row([-0.5, 0.25, .nan])).values.prefix(2) == [0, 0.5])
        #expect(T.buildError(["_target_": "Gamma", "gamma": 0]) != nil)
    }

    @Test func percentilesMatchNumpyOverPixelsValidInEveryBand() throws {
        let clip = try PercentileClip(low: 2, high: 98)
        #expect(clip.needsStatistics)
        let bound = try #require(try clip.bound(toSample: Self.sample) as? PercentileClip)
        #expect(!bound.needsStatistics)
        guard case .perBand(let lows)? = bound.vmin, case .perBand(let highs)? = bound.vmax else {
            Issue.record("bound statistics are per band")
            return
        }
        for (actual, expected) in zip(
            lows + highs, Self.fixture["percentiles"]["2"].doubles + Self.fixture["percentiles"]["98"].doubles)
        {
            #expect(abs(actual - expected) <= 1e-6 * max(1, abs(expected)))
        }
        let output = try bound.apply(Self.sample)
        #expect(T.mismatches(output.values, Self.fixture["percentileClip2to98"].floats, tolerance: 1e-5).isEmpty)
    }

    @Test func percentileClipRefusesToRunOnTileStatistics() throws {
        let message = T.applyError(try PercentileClip(), Self.sample)
        #expect(message?.contains("needs dataset statistics; the layer computes them when it loads") == true)
    }

    @Test func percentileClipOfConstantDataMapsToZero() throws {
        let constant = T.row([7, 7, 7, .nan])
        let bound = try PercentileClip().bound(toSample: constant)
        #expect(T.mismatches(try bound.apply(constant).values, [0, 0, 0, nan]).isEmpty)
    }

    @Test func percentileStatisticsGivenInTheConfigNeedNoSample() throws {
        let op = try T.build(["_target_": "PercentileClip", "vmin": [0, 10], "vmax": [1, 20]])
        #expect(!op.needsCalibration)
        #expect(try op.apply(T.row([0.5], [15])).values == [0.5, 0.5])
        #expect(T.buildError(["_target_": "PercentileClip", "vmin": 0]) != nil)
        #expect(T.buildError(["_target_": "PercentileClip", "low": 50, "high": 40]) != nil)
    }

    @Test func darkObjectSubtractionMatchesNumpy() throws {
        let bound = try DarkObjectSubtraction(percentile: 1).bound(toSample: Self.sample)
        let expected = Self.fixture["percentiles"]["1"].doubles
        #expect(bound.parameters["darkObjects"]?.arrayValue?.count == 3)
        for (actual, wanted) in zip(bound.parameters["darkObjects"]!.arrayValue!, expected) {
            guard case .number(let value) = actual else { continue }
            #expect(abs(value - wanted) <= 1e-6)
        }
        let output = try bound.apply(Self.sample)
        #expect(T.mismatches(output.values, Self.fixture["darkObjectSubtraction1"].floats, tolerance: 1e-6).isEmpty)
        #expect(try T.applyError(DarkObjectSubtraction(), Self.sample)?.contains("needs dataset statistics") == true)
    }

    @Test func infinitiesAreNodataAndStayNodataThroughClamping() throws {
        let input = T.row([.infinity, -.infinity, 0.5])
        let stretched = try LinearStretch(vmin: .uniform(0), vmax: .uniform(1)).apply(input)
        #expect(T.mismatches(stretched.values, [nan, nan, 0.5]).isEmpty)
        let corrected = try DarkObjectSubtraction(darkObjects: .uniform(0.1)).apply(input)
        #expect(T.mismatches(corrected.values, [nan, nan, 0.4], tolerance: 1e-7).isEmpty)
        #expect(try Gamma(gamma: 1).apply(input).values.prefix(2).allSatisfy(\.isNaN))
    }

    @Test func aSampleWithoutValidPixelsIsAnError() {
        #expect(throws: OperatorError.self) { try PercentileClip().bound(toSample: T.row([.nan, .nan])) }
    }
}
