import GeoToolz
import Testing

/// Every registered operator survives config → operator → config unchanged.
@Suite struct OperatorRoundTripTests {
    /// A config for every registered operator, written with every parameter given.
    static let full: [ConfigValue] = [
        ["_target_": "Identity"],
        ["_target_": "Stack"],
        ["_target_": "Sequential", "operators": [["_target_": "Identity"]]],
        [
            "_target_": "Graph", "inputs": ["dem"],
            "nodes": [
                [
                    "name": "shade", "op": ["_target_": "Hillshade", "azimuth": 315, "altitude": 45, "zFactor": 1],
                    "inputs": ["dem"],
                ]
            ],
            "outputs": ["out": "shade"],
        ],
        ["_target_": "SelectBands", "bands": [4, 3, 2]],
        ["_target_": "Composite", "red": 5, "green": 4, "blue": 3],
        ["_target_": "TrueColor", "red": 4, "green": 3, "blue": 2],
        ["_target_": "ApplyMask", "band": 2, "invert": true, "keepBand": false],
        ["_target_": "Scale", "scale": 0.0000275, "offset": -0.2],
        ["_target_": "Scale", "scale": [0.0001, 0.0002], "offset": [0, 0.1]],
        ["_target_": "LinearStretch", "vmin": 0, "vmax": [0.3, 0.25, 0.2], "clip": false],
        ["_target_": "Gamma", "gamma": 1.8],
        ["_target_": "PercentileClip", "low": 2, "high": 98],
        ["_target_": "PercentileClip", "low": 1, "high": 99, "vmin": [0.01, 0.02], "vmax": [0.3, 0.4]],
        ["_target_": "DarkObjectSubtraction", "percentile": 0.5],
        ["_target_": "DarkObjectSubtraction", "percentile": 1, "darkObjects": [0.02, 0.015, 0.01]],
        ["_target_": "NormalizedDifference", "a": 8, "b": 4],
        ["_target_": "NDVI", "nir": 5, "red": 4],
        ["_target_": "NDWI", "green": 3, "nir": 5],
        ["_target_": "NBR", "nir": 5, "swir2": 7],
        ["_target_": "EVI", "nir": 5, "red": 4, "blue": 2, "gain": 2.5, "c1": 6, "c2": 7.5, "l": 1],
        ["_target_": "SAVI", "nir": 5, "red": 4, "l": 0.5],
        ["_target_": "BandMath", "expression": "where(b1 > 0, (b5 - b4) / (b5 + b4), -1)"],
        ["_target_": "MaskQABits", "band": 8, "bits": [3, 4], "invert": false, "keepBand": true],
        ["_target_": "MaskSentinel2Clouds", "band": 13, "keepBand": false],
        ["_target_": "MaskLandsatClouds", "band": 8, "keepBand": false],
        ["_target_": "FillNodata", "value": 0],
        ["_target_": "Hillshade", "azimuth": 270, "altitude": 30, "zFactor": 1.5],
        ["_target_": "Slope", "zFactor": 1, "units": "percent"],
        ["_target_": "TerrainRGB", "base": -500, "interval": 0.01],
        ["_target_": "Terrarium"],
        ["_target_": "AssertValueRange", "min": 0, "max": 1, "onFail": "warn"],
        ["_target_": "AssertValueRange", "max": 9000, "onFail": "raise"],
        ["_target_": "AssertValidFraction", "minValid": 0.2, "onFail": "raise"],
        ["_target_": "Colormap", "name": "RdYlGn", "vmin": -1, "vmax": 1],
        ["_target_": "Colormap", "name": "terrain_r"],
        ["_target_": "Colormap", "stops": [[0, "#000000"], [500, [10, 20, 30]], [1000, "#FFFFFF80"]]],
        ["_target_": "Colormap", "classes": [[1, "#419bdf"], [2, [57, 125, 73, 255]]]],
    ]

    /// Configs written with defaults left out, and the full configs they build.
    static let withDefaults: [(written: ConfigValue, dumped: ConfigValue)] = [
        (["_target_": "TrueColor"], ["_target_": "TrueColor", "red": 4, "green": 3, "blue": 2]),
        (
            ["_target_": "ApplyMask", "band": 2],
            ["_target_": "ApplyMask", "band": 2, "invert": false, "keepBand": false]
        ),
        (["_target_": "Scale", "scale": 2], ["_target_": "Scale", "scale": 2, "offset": 0]),
        (
            ["_target_": "LinearStretch", "vmin": 0, "vmax": 1],
            ["_target_": "LinearStretch", "vmin": 0, "vmax": 1, "clip": true]
        ),
        (["_target_": "PercentileClip"], ["_target_": "PercentileClip", "low": 2, "high": 98]),
        (["_target_": "DarkObjectSubtraction"], ["_target_": "DarkObjectSubtraction", "percentile": 1]),
        (["_target_": "FillNodata"], ["_target_": "FillNodata", "value": 0]),
        (["_target_": "Hillshade"], ["_target_": "Hillshade", "azimuth": 315, "altitude": 45, "zFactor": 1]),
        (["_target_": "Slope"], ["_target_": "Slope", "zFactor": 1, "units": "degrees"]),
        (
            ["_target_": "MaskQABits", "band": 1, "bits": [10]],
            ["_target_": "MaskQABits", "band": 1, "bits": [10], "invert": false, "keepBand": false]
        ),
        (
            ["_target_": "MaskLandsatClouds", "band": 8],
            ["_target_": "MaskLandsatClouds", "band": 8, "keepBand": false]
        ),
        (
            ["_target_": "AssertValidFraction", "minValid": 0.5],
            ["_target_": "AssertValidFraction", "minValid": 0.5, "onFail": "raise"]
        ),
        (["_target_": "AssertValueRange", "min": 0], ["_target_": "AssertValueRange", "min": 0, "onFail": "raise"]),
    ]

    @Test(arguments: full)
    func buildingAndDumpingGivesTheSameConfig(_ config: ConfigValue) throws {
        let built = try OperatorTesting.build(config)
        #expect(built.config == config)
        let rebuilt = try OperatorTesting.build(built.config)
        #expect(rebuilt.configHash == built.configHash)
    }

    @Test(arguments: withDefaults)
    func defaultsMayBeLeftOutAndAreDumped(_ written: ConfigValue, _ dumped: ConfigValue) throws {
        let built = try OperatorTesting.build(written)
        #expect(built.config == dumped)
        #expect(try OperatorTesting.build(dumped).configHash == built.configHash)
    }

    @Test func everyRegisteredOperatorHasASample() {
        let sampled = Set(Self.full.compactMap { $0["_target_"]?.stringValue })
        #expect(Set(OperatorRegistry.standard.names) == sampled)
        #expect(OperatorRegistry.standard.allTypes.count == sampled.count)
    }

    @Test func calibratedPipelinesDumpTheirStatistics() throws {
        let layer = try OperatorTesting.build([
            "_target_": "Sequential",
            "operators": [
                ["_target_": "PercentileClip", "low": 0, "high": 100], ["_target_": "Colormap", "name": "gray"],
            ],
        ])
        let sample = OperatorTesting.row([2, 4, 6])
        let calibrated = try layer.calibrated(with: [sample]).pipeline
        let expected: ConfigValue = [
            "_target_": "Sequential",
            "operators": [
                ["_target_": "PercentileClip", "low": 0, "high": 100, "vmin": [2], "vmax": [6]],
                ["_target_": "Colormap", "name": "gray", "vmin": 0, "vmax": 1],
            ],
        ]
        #expect(calibrated.config == expected)
        let rebuilt = try OperatorTesting.build(calibrated.config)
        #expect(!rebuilt.needsCalibration)
        #expect(try rebuilt.apply(sample) == (try calibrated.apply(sample)))
    }

    /// The demo layers' pipelines, as layer files write them.
    @Test(arguments: [
        """
        _target_: Colormap
        name: terrain
        vmin: 0
        vmax: 4000
        """,
        """
        _target_: Sequential
        operators:
          - {_target_: Hillshade, azimuth: 315, altitude: 45, zFactor: 1}
          - {_target_: Colormap, name: gray, vmin: 0, vmax: 1}
        """,
        """
        _target_: Sequential
        operators:
          - {_target_: Scale, scale: 0.0000275, offset: -0.2}
          - {_target_: LinearStretch, vmin: 0, vmax: 0.3, clip: true}
          - {_target_: Gamma, gamma: 1.2}
          - {_target_: TrueColor, red: 1, green: 2, blue: 3}
        """,
        """
        _target_: Sequential
        operators:
          - {_target_: NDVI, nir: 2, red: 1}
          - {_target_: Colormap, name: RdYlGn, vmin: -1, vmax: 1}
        """,
        """
        _target_: Colormap
        classes:
          - [1, "#419bdf"]
          - [2, "#397d49"]
          - [5, "#e49635"]
        """,
    ])
    func demoLayerPipelinesBuildAndRoundTrip(_ yaml: String) throws {
        let built = try OperatorTesting.build(yaml: yaml)
        #expect(try OperatorTesting.build(built.config).config == built.config)
    }
}
