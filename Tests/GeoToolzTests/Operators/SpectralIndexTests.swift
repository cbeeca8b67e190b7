import GeoToolz
import Testing

@Suite struct SpectralIndexTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    static let fixture = Fixtures.parse(Fixtures.spectralIndices)
    /// Bands 1…5: blue, green, red, nir, swir2.
    static var input: GeoTensor {
        let bands = ["blue", "green", "red", "nir", "swir2"].map { fixture["bands"][$0].floats }
        return OperatorTesting.tensor(bands, height: 1, width: bands[0].count)
    }

    static let cases: [(ConfigValue, String)] = [
        (["_target_": "NDVI", "nir": 4, "red": 3], "ndvi"),
        (["_target_": "NormalizedDifference", "a": 4, "b": 3], "ndvi"),
        (["_target_": "NDWI", "green": 2, "nir": 4], "ndwi"),
        (["_target_": "NBR", "nir": 4, "swir2": 5], "nbr"),
        (["_target_": "EVI", "nir": 4, "red": 3, "blue": 1], "evi"),
        (["_target_": "SAVI", "nir": 4, "red": 3], "savi"),
        (["_target_": "BandMath", "expression": "(b4 - b3) / (b4 + b3)"], "ndvi"),
        (["_target_": "BandMath", "expression": "2.5 * (b4 - b3) / (b4 + 6 * b3 - 7.5 * b1 + 1)"], "evi"),
    ]

    @Test(arguments: cases)
    func indicesMatchNumpy(_ config: ConfigValue, _ key: String) throws {
        let output = try T.build(config).apply(Self.input)
        #expect(output.bands == 1)
        let expected = Self.fixture["expected"][key].floats
        #expect(T.mismatches(output.values, expected, tolerance: 2e-6).isEmpty)
        // The fixture's zero denominators (pixels 0, 1, 2, 6) and holes (3, 4) are nodata.
        #expect(expected.contains { $0.isNaN })
    }

    @Test func aZeroDenominatorIsNodataNotInfinity() throws {
        let output = try NDVI(nir: 1, red: 2).apply(T.row([0, 0.5, -0.5, 0.4], [0, -0.5, 0.5, 0.2]))
        #expect(output.values[0].isNaN && output.values[1].isNaN && output.values[2].isNaN)
        #expect(abs(output.values[3] - 0.2 / 0.6) < 1e-7)
    }

    @Test func aPixelInvalidInAnyBandIsInvalidInTheIndex() throws {
        let output = try NDVI(nir: 1, red: 2).apply(T.row([0.5, 0.5], [0.1, 0.1], [1, .nan]))
        #expect(T.mismatches(output.values, [0.4 / 0.6, nan], tolerance: 1e-7).isEmpty)
    }

    @Test func indicesUseTheStandardCoefficientsByDefault() throws {
        #expect(
            try T.build(["_target_": "EVI", "nir": 5, "red": 4, "blue": 2]).config
                == ["_target_": "EVI", "nir": 5, "red": 4, "blue": 2, "gain": 2.5, "c1": 6, "c2": 7.5, "l": 1])
        #expect(try T.build(["_target_": "SAVI", "nir": 5, "red": 4]).parameters["l"] == 0.5)
    }

    @Test func missingBandsAreReported() throws {
        #expect(try T.applyError(NDVI(nir: 5, red: 4), T.row([1], [2]))?.contains("band 5 does not exist") == true)
        #expect(T.buildError(["_target_": "NDVI", "nir": 5])?.message.contains("needs 'red'") == true)
    }
}
