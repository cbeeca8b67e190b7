import GeoToolz
import Testing

@Suite struct BandOperatorTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    @Test func selectBandsKeepsTheListedBandsInOrder() throws {
        let input = T.row([1, 2], [10, 20], [100, 200])
        let output = try T.build(["_target_": "SelectBands", "bands": [3, 1, 3]]).apply(input)
        #expect(output.bands == 3)
        #expect(output.values == [100, 200, 1, 2, 100, 200])
    }

    @Test func selectBandsNeverRevivesAPixelInvalidInADroppedBand() throws {
        let input = T.row([1, .nan, 3], [10, 20, 30])
        let output = try SelectBands(bands: [2]).apply(input)
        #expect(T.mismatches(output.values, [10, nan, 30]).isEmpty)
    }

    @Test func selectBandsRejectsBandsThatDoNotExist() throws {
        #expect(try T.applyError(SelectBands(bands: [4]), T.row([1], [2]))?.contains("band 4 does not exist") == true)
        #expect(T.buildError(["_target_": "SelectBands", "bands": [0]])?.message.contains("numbered from 1") == true)
        #expect(T.buildError(["_target_": "SelectBands", "bands": []]) != nil)
    }

    @Test func compositeClampsToTheUnitRangeAndMakesInvalidPixelsTransparent() throws {
        let input = T.row([0.5, -0.2, 0.1, 0.3], [0.25, 1.7, .nan, 0.3], [0, 0.5, 0.2, 0.3], [0, 0, 0, .nan])
        let output = try Composite(red: 1, green: 2, blue: 3).apply(input)
        #expect(output.bands == 3)
        let expected: [Float] = [0.5, 0, nan, nan, 0.25, 1, nan, nan, 0, 0.5, nan, nan]
        #expect(T.mismatches(output.values, expected).isEmpty)
        #expect(output.palette == nil)
    }

    @Test func trueColorDefaultsToLandsatAndSentinelBandsFourThreeTwo() throws {
        let op = try T.build(["_target_": "TrueColor"])
        #expect(op.config == ["_target_": "TrueColor", "red": 4, "green": 3, "blue": 2])
        let input = T.row([0.9], [0.2], [0.3], [0.4], [0.5])
        #expect(try op.apply(input).values == [0.4, 0.3, 0.2])
        let reordered = try T.build(["_target_": "TrueColor", "red": 1, "green": 2, "blue": 3])
        #expect(try reordered.apply(input).values == [0.9, 0.2, 0.3])
    }

    @Test func applyMaskMakesZeroMaskPixelsNodataAndDropsTheMaskBand() throws {
        let input = T.row([1, 2, 3, 4], [5, 6, 7, 8], [255, 0, .nan, 1])
        let output = try ApplyMask(band: 3).apply(input)
        #expect(output.bands == 2)
        #expect(T.mismatches(output.values, [1, nan, nan, 4, 5, nan, nan, 8]).isEmpty)
    }

    @Test func applyMaskCanInvertAndKeepTheMaskBand() throws {
        let input = T.row([1, 2, 3], [0, 9, 0])
        let output = try ApplyMask(band: 2, invert: true, keepBand: true).apply(input)
        #expect(output.bands == 2)
        #expect(T.mismatches(output.values, [1, nan, 3, 0, nan, 0]).isEmpty)
    }

    @Test func anEmptyMaskMasksNothing() throws {
        let input = T.row([1, 2, 3], [1, 1, 1])
        #expect(try ApplyMask(band: 2).apply(input).values == [1, 2, 3])
        #expect(try T.applyError(ApplyMask(band: 1), T.row([1, 2]))?.contains("only the mask band") == true)
    }
}
