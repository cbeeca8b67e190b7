import GeoToolz
import Testing

@Suite struct ColormapTests {
    typealias T = OperatorTesting
    let nan = Float.nan

    static let indexCases = Fixtures.parse(Fixtures.colormapIndices)["cases"].array.indices.map { $0 }

    @Test(arguments: indexCases)
    func valuesPickTheEntryMatplotlibPicks(case index: Int) throws {
        let fixture = Fixtures.parse(Fixtures.colormapIndices)["cases"].array[index]
        let values = fixture["values"].floats
        let op = try Colormap(name: "viridis", vmin: fixture["vmin"].double, vmax: fixture["vmax"].double)
        let output = try op.apply(T.row(values))
        let expected = fixture["indices"].optionalInts.map { $0.map(Float.init) ?? .nan }
        #expect(
            T.mismatches(output.values, expected).isEmpty,
            "vmin \(fixture["vmin"].double), vmax \(fixture["vmax"].double)")
    }

    /// The per-pixel path (an estimate settled against precomputed bounds) agrees with the
    /// two-step rule on every value next to every entry boundary, and on a sweep in between.
    @Test(arguments: [
        (0.0, 4400.0), (-0.2, 0.6), (-1.0, 1.0), (0.1, 0.3), (1000.1, 1000.9), (-1e30, 1e30), (1e-7, 3e-7),
    ])
    func entriesMatchTheTwoStepRuleAtEveryBoundary(vmin: Double, vmax: Double) throws {
        func rule(_ value: Float) -> Float {
            let shifted = Float(Double(value) - vmin)
            let position = Float(Double(shifted) / (vmax - vmin)) * 256
            return Float(Int(min(max(position, 0), 255)))
        }
        var values = [Float]()
        for entry in -2...258 {
            let boundary = Float(vmin + (vmax - vmin) * Double(entry) / 256)
            var below = boundary
            var above = boundary
            values.append(boundary)
            for _ in 0..<4 {
                below = below.nextDown
                above = above.nextUp
                values += [below, above]
            }
        }
        for step in 0...10_000 {
            values.append(Float(vmin + (vmax - vmin) * (Double(step) / 5_000 - 0.5)))
        }
        values += [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0, -0.0, .leastNonzeroMagnitude]
        let output = try Colormap(name: "viridis", vmin: vmin, vmax: vmax).apply(T.row(values))
        let mismatched = values.indices.filter { output.values[$0] != rule(values[$0]) }
        #expect(mismatched.isEmpty, "\(mismatched.prefix(5).map { (values[$0], output.values[$0]) })")
    }

    @Test func everyNamedColormapMatchesMatplotlib() throws {
        let fixture = Fixtures.parse(Fixtures.colormapEntries)
        let picks = fixture["indices"].ints
        #expect(Set(fixture["maps"].keys) == Set(ColormapCatalog.names))
        for name in fixture["maps"].keys {
            let palette = try #require(ColormapCatalog.palette(named: name))
            #expect(palette.count == 256)
            for (pick, colour) in zip(picks, fixture["maps"][name].array) {
                let entry = Array(palette.rgba[(pick * 4)..<(pick * 4 + 4)]).map(Int.init)
                #expect(entry == colour.ints, "\(name)[\(pick)]")
            }
        }
    }

    @Test func theCatalogListsTheStandardMapsAndTheirReversals() {
        let required = [
            "viridis", "plasma", "inferno", "magma", "cividis", "gray", "terrain", "RdYlGn", "RdBu", "Spectral",
            "coolwarm", "Blues", "Greens", "Reds", "YlGnBu",
        ]
        for name in required {
            #expect(ColormapCatalog.names.contains(name) && ColormapCatalog.names.contains(name + "_r"))
        }
        #expect(ColormapCatalog.hexColors(named: "viridis")?.first == "#440154")
        // matplotlib truncates to bytes: its last viridis colour is #fde724, not the rounded #fde725.
        #expect(ColormapCatalog.hexColors(named: "viridis_r")?.first == "#fde724")
        #expect(ColormapCatalog.palette(named: "Viridis") == nil)
        #expect(!ColormapCatalog.matplotlibVersion.isEmpty)
    }

    @Test func theOutputIsOneBandOfPaletteIndicesWithNodataTransparent() throws {
        let output = try T.build(["_target_": "Colormap", "name": "terrain", "vmin": 0, "vmax": 256])
            .apply(T.row([0, 1.5, 255.99, 300, .nan, -.infinity]))
        #expect(output.bands == 1)
        #expect(T.mismatches(output.values, [0, 1, 255, 255, nan, nan]).isEmpty)
        #expect(output.palette == ColormapCatalog.palette(named: "terrain"))
    }

    @Test func equalLimitsMapEverythingToTheFirstEntry() throws {
        let output = try Colormap(name: "gray", vmin: 3, vmax: 3).apply(T.row([2, 3, 4, .nan]))
        #expect(T.mismatches(output.values, [0, 0, 0, nan]).isEmpty)
    }

    @Test func gradientsMatchMatplotlibFromList() throws {
        for fixture in Fixtures.parse(Fixtures.gradients)["cases"].array {
            let op = try T.build(["_target_": "Colormap", "stops": fixture["stops"].config])
            let palette = try #require(op.apply(T.row([0])).palette)
            #expect(palette.rgba.map(Int.init) == fixture["rgba"].ints)
        }
    }

    @Test func aGradientSpansItsFirstToItsLastStop() throws {
        let op = try T.build(["_target_": "Colormap", "stops": [[0, "#000000"], [1000, "#ffffff"]]])
        let output = try op.apply(T.row([-5, 0, 500, 1000, 2000, .nan]))
        #expect(T.mismatches(output.values, [0, 0, 128, 255, 255, nan]).isEmpty)
        #expect(Array(output.palette!.rgba[(128 * 4)..<(128 * 4 + 4)]) == [128, 128, 128, 255])
    }

    @Test func discreteClassesColourExactValuesAndLeaveTheRestTransparent() throws {
        let op = try T.build(
            yaml: """
                _target_: Colormap
                classes:
                  - [10, "#006400"]
                  - [20, [255, 187, 34]]
                  - [80, "#0064c8"]
                  - [95, "#00cf7580"]
                """)
        let output = try op.apply(T.row([10, 20, 30, 80, 95, 10.5, .nan, -10]))
        #expect(T.mismatches(output.values, [0, 1, nan, 2, 3, nan, nan, nan]).isEmpty)
        #expect(output.palette?.rgba == [0, 100, 0, 255, 255, 187, 34, 255, 0, 100, 200, 255, 0, 207, 117, 128])
    }

    @Test func classesFarApartAndFractionalAreLookedUpToo() throws {
        let op = try Colormap(classes: [
            ValueColor(-1e6, ConfigColor(red: 1, green: 0, blue: 0)),
            ValueColor(0.25, ConfigColor(red: 2, green: 0, blue: 0)),
            ValueColor(3e6, ConfigColor(red: 3, green: 0, blue: 0)),
        ])
        let output = try op.apply(T.row([3e6, 0.25, -1e6, 0.5, 0]))
        #expect(T.mismatches(output.values, [2, 1, 0, nan, nan]).isEmpty)
    }

    @Test func aNamedColormapWithoutLimitsTakesThemFromTheDataset() throws {
        let op = try T.build(["_target_": "Colormap", "name": "viridis"])
        #expect(op.needsCalibration)
        #expect(T.applyError(op, T.row([1]))?.contains("needs dataset statistics") == true)
        let calibration = try op.calibrated(with: [T.row([100, 300, .nan, 200])])
        #expect(calibration.pipeline.config == ["_target_": "Colormap", "name": "viridis", "vmin": 100, "vmax": 300])
        #expect(T.mismatches(calibration.output.values, [0, 255, nan, 128]).isEmpty)
        let halfGiven = try Colormap(name: "viridis", vmin: 0).bound(toSample: T.row([100, 300]))
        #expect(halfGiven.config == ["_target_": "Colormap", "name": "viridis", "vmin": 0, "vmax": 300])
    }

    @Test func badColormapsAreRefusedWithAReason() {
        #expect(
            T.buildError(["_target_": "Colormap", "name": "rdylgn"])?.message
                == "unknown colormap 'rdylgn' (names are case-sensitive: did you mean 'RdYlGn'?)")
        #expect(T.buildError(["_target_": "Colormap"])?.message.contains("exactly one of") == true)
        #expect(T.buildError(["_target_": "Colormap", "name": "gray", "classes": [[1, "#ffffff"]]]) != nil)
        #expect(
            T.buildError(["_target_": "Colormap", "stops": [[0, "#000000"], [1, "#ffffff"]], "vmin": 0])?.message
                .contains("vmin and vmax go with 'name'") == true)
        #expect(
            T.buildError(["_target_": "Colormap", "stops": [[1, "#000000"], [0, "#ffffff"]]])?.message
                == "stop values must increase: 0.0 follows 1.0")
        #expect(T.buildError(["_target_": "Colormap", "stops": [[0, "#000000"]]]) != nil)
        #expect(T.buildError(["_target_": "Colormap", "stops": [[0, "#00000"], [1, "#ffffff"]]]) != nil)
        #expect(T.buildError(["_target_": "Colormap", "stops": [[0, [0, 0, 256]], [1, "#ffffff"]]]) != nil)
        #expect(
            T.buildError(["_target_": "Colormap", "classes": [[1, "#000000"], [1, "#ffffff"]]])?.message
                == "the class value 1.0 is listed twice")
        let tooMany = ConfigValue.array((0...256).map { [.number(Double($0)), "#000000"] })
        #expect(T.buildError(["_target_": "Colormap", "classes": tooMany]) != nil)
        #expect(T.buildError(["_target_": "Colormap", "name": "gray", "vmin": 1, "vmax": 0]) != nil)
        #expect(T.applyError(Colormap.gray, T.row([1], [2]))?.contains("expects one band") == true)
    }
}
