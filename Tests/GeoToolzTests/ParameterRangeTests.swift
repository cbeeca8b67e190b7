import GeoToolz
import Testing

/// Numbers a config gives operators are checked for their range and for what the code makes of
/// them (Float32 pixel arithmetic, entry indices), and refused where they sit in the document:
/// no value may make loading or rendering trap.
@Suite struct ParameterRangeTests {
    typealias Case = RefusedConfig

    static let cases: [Case] = [
        Case(
            name: "colormap range past Float32",
            text: """
                _target_: Sequential
                operators:
                  - {_target_: Identity}
                  - {_target_: Colormap, name: viridis, vmin: -1e308, vmax: 1e308}
                """,
            path: "pipeline.operators[1].vmin", message: "vmin (-1e+308) is beyond ±3.4e38"),
        Case(
            name: "colormap vmax past Float32 alone", text: "{_target_: Colormap, name: viridis, vmax: 1e39}",
            path: "pipeline.vmax", message: "vmax (1e+39) is beyond ±3.4e38"),
        Case(
            name: "colormap vmin equal to vmax", text: "{_target_: Colormap, name: viridis, vmin: 5, vmax: 5}",
            path: "pipeline.vmax", message: "vmax equals vmin (5.0): every value would take one end"),
        Case(
            name: "colormap vmin above vmax", text: "{_target_: Colormap, name: viridis, vmin: 6, vmax: 5}",
            path: "pipeline.vmax", message: "vmax (5.0) is below vmin (6.0)"),
        Case(
            name: "colormap span past Float32", text: "{_target_: Colormap, name: viridis, vmin: -3e38, vmax: 3e38}",
            path: "pipeline.vmax", message: "the span vmax − vmin (6e+38) is beyond ±3.4e38"),
        Case(
            name: "colormap span below Float32 resolution",
            text: "{_target_: Colormap, name: viridis, vmin: 1e10, vmax: 1.0000000001e10}",
            path: "pipeline.vmax", message: "are the same Float32 value"),
        Case(
            name: "gradient stop past Float32",
            text: ##"{_target_: Colormap, stops: [[-1e308, "#000000"], [1e308, "#ffffff"]]}"##,
            path: "pipeline.stops[0]", message: "the stop value (-1e+308) is beyond ±3.4e38"),
        Case(
            name: "gradient span past Float32",
            text: ##"{_target_: Colormap, stops: [[-3e38, "#000000"], [3e38, "#ffffff"]]}"##,
            path: "pipeline.stops[1]", message: "the span the last stop − the first stop"),
        Case(
            name: "class value past Float32", text: ##"{_target_: Colormap, classes: [[1e39, "#000000"]]}"##,
            path: "pipeline.classes", message: "the class value (1e+39) is beyond ±3.4e38"),
        Case(
            name: "stretch with equal limits", text: "{_target_: LinearStretch, vmin: 2, vmax: 2}",
            path: "pipeline.vmax", message: "vmax equals vmin (2.0)"),
        Case(
            name: "stretch limits past Float32", text: "{_target_: LinearStretch, vmin: [0, -1e39], vmax: 1}",
            path: "pipeline.vmin[1]", message: "vmin (-1e+39) is beyond ±3.4e38"),
        Case(
            name: "stretch reversed in one band", text: "{_target_: LinearStretch, vmin: [0, 5], vmax: [1, 4]}",
            path: "pipeline.vmax", message: "vmax (4.0) is below vmin (5.0) for band 2"),
        Case(
            name: "stretch lists of different lengths",
            text: "{_target_: LinearStretch, vmin: [0, 0, 0], vmax: [1, 1]}", path: "pipeline.vmax",
            message: "'vmax' gives 2 values, 'vmin' gives 3"),
        Case(
            name: "percentile clip with equal limits",
            text: "{_target_: PercentileClip, vmin: [3], vmax: [3]}", path: "pipeline.vmax",
            message: "vmax equals vmin (3.0)"),
        Case(
            name: "scale past Float32", text: "{_target_: Scale, scale: 1e39}", path: "pipeline.scale",
            message: "scale (1e+39) is beyond ±3.4e38"),
        Case(
            name: "scale and offset lists of different lengths",
            text: "{_target_: Scale, scale: [1, 2, 3], offset: [0, 0]}", path: "pipeline.offset",
            message: "'offset' gives 2 values, 'scale' gives 3"),
        Case(
            name: "dark objects past Float32", text: "{_target_: DarkObjectSubtraction, darkObjects: [1e39]}",
            path: "pipeline.darkObjects[0]", message: "darkObjects (1e+39) is beyond ±3.4e38"),
        Case(
            name: "gamma too small", text: "{_target_: Gamma, gamma: 1e-9}", path: "pipeline.gamma",
            message: "gamma must be within 0.001…1000.0, found 1e-09"),
        Case(
            name: "gamma too large", text: "{_target_: Gamma, gamma: 1e300}", path: "pipeline.gamma",
            message: "gamma must be within 0.001…1000.0"),
        Case(
            name: "hillshade z factor past Float32", text: "{_target_: Hillshade, zFactor: 1e39}",
            path: "pipeline.zFactor", message: "zFactor (1e+39) is beyond ±3.4e38"),
        Case(
            name: "hillshade z factor zero in Float32", text: "{_target_: Hillshade, zFactor: 1e-50}",
            path: "pipeline.zFactor", message: "zFactor must be greater than 0 (1.4e-45 or more in Float32)"),
        Case(
            name: "slope z factor past Float32", text: "{_target_: Slope, zFactor: 1e300}",
            path: "pipeline.zFactor", message: "zFactor (1e+300) is beyond ±3.4e38"),
        Case(
            name: "EVI gain past Float32", text: "{_target_: EVI, nir: 1, red: 2, blue: 3, gain: 1e39}",
            path: "pipeline.gain", message: "gain (1e+39) is beyond ±3.4e38"),
        Case(
            name: "SAVI soil factor out of range", text: "{_target_: SAVI, nir: 1, red: 2, l: 2}",
            path: "pipeline.l", message: "l is a soil factor in [0, 1], found 2.0"),
        Case(
            name: "value check bound past Float32", text: "{_target_: AssertValueRange, min: -1e39}",
            path: "pipeline.min", message: "min (-1e+39) is beyond ±3.4e38"),
        Case(
            name: "band number past any raster", text: "{_target_: Composite, red: 70000, green: 2, blue: 1}",
            path: "pipeline.red", message: "band 70000 is past 65535"),
        Case(
            name: "band list past any raster", text: "{_target_: SelectBands, bands: [1, 100000]}",
            path: "pipeline.bands", message: "band 100000 is past 65535"),
        Case(
            name: "expression band past any raster", text: "{_target_: BandMath, expression: 'b1 + b99999'}",
            path: "pipeline.expression", message: "no band 'b99999': no raster holds more than 65535 bands at column 6"),
        Case(
            name: "mask band past any raster", text: "{_target_: MaskQABits, band: 65536, bits: [3]}",
            path: "pipeline.band", message: "band 65536 is past 65535"),
    ]

    @Test(arguments: cases)
    func isRefusedWithALocatedMessage(_ bad: Case) throws {
        let error = try #require(loadError(bad.text), "\(bad.name) was accepted")
        #expect(error.path.description == bad.path, "\(error)")
        #expect(error.message.contains(bad.message), "\(error)")
        #expect(error.source == "test.yaml" && error.location != nil, "\(error)")
        #expect(error.description.contains("test.yaml:\(error.location?.line ?? 0):"))
    }

    @Test func theOverflowColormapPointsAtItsLineAndColumn() throws {
        let error = try #require(loadError(Self.cases[0].text))
        #expect(error.description.hasPrefix("test.yaml:4:"), "\(error)")
    }

    @Test func operatorsBuiltInSwiftRefuseRangesTheyCannotMap() {
        #expect(throws: OperatorError.self) { try Colormap(name: "viridis", vmin: -1e308, vmax: 1e308) }
        #expect(throws: OperatorError.self) { try Colormap(name: "viridis", vmin: 2, vmax: 1) }
        #expect(throws: OperatorError.self) { try Colormap(name: "viridis", vmin: -3e38, vmax: 3e38) }
        #expect(throws: OperatorError.self) { try Colormap(name: "viridis", vmin: .nan, vmax: 1) }
        #expect(throws: OperatorError.self) { try Colormap(name: "viridis", vmin: -.infinity) }
        let black = ConfigColor(red: 0, green: 0, blue: 0)
        #expect(throws: OperatorError.self) {
            try Colormap(stops: [ValueColor(-1e308, black), ValueColor(1e308, black)])
        }
        #expect(throws: OperatorError.self) { try Colormap(classes: [ValueColor(.infinity, black)]) }
    }

    /// Once preconditions that stopped the process; now errors a caller can handle.
    @Test func operatorsBuiltInSwiftThrowOnParametersTheyCannotWorkWith() {
        let attempts: [(String, () throws -> any Operator)] = [
            ("Composite band 0", { try Composite(red: 0, green: 1, blue: 2) }),
            ("TrueColor band past any raster", { try TrueColor(red: 70_000) }),
            ("SelectBands of none", { try SelectBands(bands: []) }),
            ("ApplyMask band -1", { try ApplyMask(band: -1) }),
            ("MaskQABits bit 40", { try MaskQABits(band: 1, bits: [40]) }),
            ("MaskLandsatClouds band 0", { try MaskLandsatClouds(band: 0) }),
            ("MaskSentinel2Clouds band 0", { try MaskSentinel2Clouds(band: 0) }),
            ("FillNodata with NaN", { try FillNodata(value: .nan) }),
            ("NDVI band 0", { try NDVI(nir: 0, red: 1) }),
            ("NDWI band 0", { try NDWI(green: 0, nir: 1) }),
            ("NBR band 0", { try NBR(nir: 1, swir2: 0) }),
            ("NormalizedDifference band 0", { try NormalizedDifference(a: 0, b: 1) }),
            ("EVI gain past Float32", { try EVI(nir: 1, red: 2, blue: 3, gain: 1e39) }),
            ("SAVI l of 2", { try SAVI(nir: 1, red: 2, l: 2) }),
            ("Gamma of 0", { try Gamma(gamma: 0) }),
            ("Gamma of NaN", { try Gamma(gamma: .nan) }),
            ("PercentileClip reversed", { try PercentileClip(low: 50, high: 10) }),
            ("DarkObjectSubtraction percentile 101", { try DarkObjectSubtraction(percentile: 101) }),
            ("Hillshade zFactor ∞", { try Hillshade(zFactor: .infinity) }),
            ("Hillshade azimuth NaN", { try Hillshade(azimuth: .nan) }),
            ("Slope zFactor -1", { try Slope(zFactor: -1) }),
            ("AssertValueRange without bounds", { try AssertValueRange() }),
            ("AssertValueRange min past Float32", { try AssertValueRange(min: -1e300) }),
            ("AssertValidFraction of 2", { try AssertValidFraction(minValid: 2) }),
        ]
        for (name, attempt) in attempts {
            #expect(throws: OperatorError.self, "\(name)") { try attempt() }
        }
    }

    @Test func aColormapOfTheWidestRangeItAcceptsRendersWithoutTrapping() throws {
        let colormap = try Colormap(name: "viridis", vmin: -1.7e38, vmax: 1.7e38)
        let input = GeoTensor(
            bands: 1, height: 1, width: 5, values: [-.greatestFiniteMagnitude, -1, 0, 1e38, .greatestFiniteMagnitude])
        let output = try colormap.apply(input)
        #expect(output.values.first == 0 && output.values.last == 255)
        #expect(zip(output.values, output.values.dropFirst()).allSatisfy { $0 <= $1 }, "\(output.values)")
    }

    @Test func halosDeclaredInSwiftAddUpWithoutOverflowing() {
        let wide = Lambda("wide", halo: .max) { $0 }
        #expect((wide | wide).halo == .max)
    }
}
