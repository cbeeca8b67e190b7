import GeoToolz
import Testing

@Suite struct MaskingTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    @Test func pixelsWithAnyListedBitSetBecomeNodata() throws {
        // Bits: 0b0000 keeps, 0b0100 (bit 2) masks, 0b1000 (bit 3) masks, 0b0011 keeps.
        let input = T.row([1, 2, 3, 4], [0, 4, 8, 3])
        let output = try T.build(["_target_": "MaskQABits", "band": 2, "bits": [2, 3]]).apply(input)
        #expect(output.bands == 1)
        #expect(T.mismatches(output.values, [1, nan, nan, 4]).isEmpty)
    }

    @Test func invertKeepsOnlyPixelsWithABitSet() throws {
        let input = T.row([1, 2, 3], [0, 4, 12])
        let output = try MaskQABits(band: 2, bits: [2], invert: true).apply(input)
        #expect(T.mismatches(output.values, [nan, 2, 3]).isEmpty)
    }

    @Test func fillNodataMakesEveryNodataValueOpaqueAndKeepsThePalette() throws {
        var input = T.row([0, 2, .nan, .infinity])
        input.palette = Palette(rgba: [1, 2, 3, 255, 4, 5, 6, 255, 7, 8, 9, 255])
        let output = try T.build(["_target_": "FillNodata", "value": 1]).apply(input)
        #expect(T.mismatches(output.values, [0, 2, 1, 1]).isEmpty)
        #expect(output.palette == input.palette)
        #expect(throws: OperatorError.self) { try FillNodata(value: .nan) }
    }

    @Test func aQAValueThatIsNoBitFieldIsNodata() throws {
        let input = T.row([1, 2, 3], [.nan, -1, 0])
        let output = try MaskQABits(band: 2, bits: [0]).apply(input)
        #expect(T.mismatches(output.values, [nan, nan, 3]).isEmpty)
    }

    @Test func landsatQAPixelMasksCirrusCloudAndShadow() throws {
        // Collection 2 QA_PIXEL values: 21824 clear land, 21952 clear water, 22280 cloud
        // (bit 3), 23888 cloud shadow (bit 4), 54596 high-confidence cirrus (bit 2).
        let qa: [Float] = [21824, 21952, 22280, 23888, 54596]
        let data: [Float] = [0.1, 0.2, 0.3, 0.4, 0.5]
        let output = try T.build(["_target_": "MaskLandsatClouds", "band": 2]).apply(T.row(data, qa))
        #expect(T.mismatches(output.values, [0.1, 0.2, nan, nan, nan]).isEmpty)
    }

    @Test func sentinel2QA60MasksOpaqueCloudsAndCirrus() throws {
        let qa: [Float] = [0, 1024, 2048, 3072]
        let output = try MaskSentinel2Clouds(band: 1, keepBand: true).apply(T.row(qa, [1, 2, 3, 4]))
        #expect(output.bands == 2)
        #expect(T.mismatches(output.values, [0, nan, nan, nan, 1, nan, nan, nan]).isEmpty)
    }

    @Test func bitsMustBeAField() {
        #expect(T.buildError(["_target_": "MaskQABits", "band": 1, "bits": [24]])?.message.contains("0…23") == true)
        #expect(T.buildError(["_target_": "MaskQABits", "band": 1, "bits": []]) != nil)
        #expect(T.buildError(["_target_": "MaskQABits", "band": 0, "bits": [1]]) != nil)
    }
}
