import GeoToolz
import GeoToolzDiff
import Testing

/// Config diffs: changes by canonical path, operators added and removed, reordering as moves,
/// sources changed.
@Suite struct ConfigDiffTests {
    static let hillshade: ConfigValue = ["_target_": "Hillshade", "azimuth": 315, "altitude": 45]
    static let terrain: ConfigValue = ["_target_": "Colormap", "name": "terrain", "vmin": 0, "vmax": 4400]
    static let gamma: ConfigValue = ["_target_": "Gamma", "gamma": 1.5]
    static let scale: ConfigValue = ["_target_": "BandMath", "expression": "b1 * 2"]

    func sequential(_ operators: ConfigValue...) -> ConfigValue {
        ["pipeline": ["_target_": "Sequential", "operators": .array(operators)]]
    }

    func lines(_ diff: ConfigDiff) -> [String] { diff.changes.map(\.description) }

    @Test func aChangedParameterIsOneChangeAtItsPath() {
        var lowered = Self.terrain.objectValue!
        lowered["vmax"] = 4000
        let diff = ConfigDiff(
            old: sequential(Self.hillshade, Self.terrain), new: sequential(Self.hillshade, .object(lowered)))
        #expect(lines(diff) == ["pipeline.operators[1].vmax: 4400 → 4000"])
        #expect(diff.changes.first?.kind == .changed && diff.decidesPixels)
    }

    @Test func addedAndRemovedOperatorsAreOneChangeEach() {
        let added = ConfigDiff(
            old: sequential(Self.hillshade, Self.terrain), new: sequential(Self.hillshade, Self.gamma, Self.terrain))
        #expect(added.changes.map(\.kind) == [.added])
        #expect(added.changes.map(\.path.description) == ["pipeline.operators[1]"])
        #expect(added.changes.first?.new == Self.gamma)

        let removed = ConfigDiff(
            old: sequential(Self.scale, Self.hillshade, Self.terrain), new: sequential(Self.hillshade, Self.terrain))
        #expect(removed.changes.map(\.kind) == [.removed])
        #expect(removed.changes.map(\.path.description) == ["pipeline.operators[0]"])
        #expect(removed.changes.first?.old == Self.scale)
    }

    @Test func aReorderedOperatorIsOneMove() {
        let diff = ConfigDiff(
            old: sequential(Self.scale, Self.gamma, Self.hillshade),
            new: sequential(Self.hillshade, Self.scale, Self.gamma))
        #expect(lines(diff) == ["pipeline.operators: Hillshade moved from [2] to [0]"])
        #expect(diff.changes.first?.from == 2 && diff.changes.first?.to == 0)
    }

    @Test func aMovedAndChangedOperatorReportsBoth() {
        let steeper: ConfigValue = ["_target_": "Hillshade", "azimuth": 315, "altitude": 30]
        let diff = ConfigDiff(old: sequential(Self.scale, Self.hillshade), new: sequential(steeper, Self.scale))
        #expect(
            Set(lines(diff)) == [
                "pipeline.operators[0].altitude: 45 → 30", "pipeline.operators: BandMath moved from [0] to [1]",
            ]
                || Set(lines(diff)) == [
                    "pipeline.operators[0].altitude: 45 → 30", "pipeline.operators: Hillshade moved from [1] to [0]",
                ], "\(lines(diff))")
        #expect(diff.changes.count == 2)
    }

    @Test func changesAreSortedByPathWithPositionsInNumberOrder() {
        let many = (0..<12).map { ConfigValue.object(["_target_": "Gamma", "gamma": .number(Double($0 + 1))]) }
        var changed = many
        changed[2] = ["_target_": "Gamma", "gamma": 100]
        changed[10] = ["_target_": "Gamma", "gamma": 200]
        let diff = ConfigDiff(
            old: ["title": "a", "pipeline": ["_target_": "Sequential", "operators": .array(many)]],
            new: ["title": "b", "pipeline": ["_target_": "Sequential", "operators": .array(changed)]])
        #expect(
            diff.changes.map(\.path.description) == [
                "pipeline.operators[2].gamma", "pipeline.operators[10].gamma", "title",
            ])
        #expect(diff.changes.map(\.decidesPixels) == [true, true, false])
    }

    @Test func sourcesChangedInPathBandsAndResampling() throws {
        let old = try TestLayers.load(
            "landcover",
            """
            name: landcover
            title: Old
            source: landsat.tif
            bands: [4, 3]
            resampling: nearest
            pipeline: {_target_: NDVI, nir: 1, red: 2}
            """)
        let new = try TestLayers.load(
            "landcover",
            """
            name: landcover
            title: New
            source: srtm90.tif
            bands: [1, 1]
            resampling: bilinear
            pipeline: {_target_: NDVI, nir: 1, red: 2}
            """)
        let diff = ConfigDiff(old: old, new: new)
        #expect(
            lines(diff) == [
                "sources[0].bands: [4,3] → [1,1]", "sources[0].path: \"landsat.tif\" → \"srtm90.tif\"",
                "sources[0].resampling: \"nearest\" → \"bilinear\"", "title: \"Old\" → \"New\"",
            ])
        #expect(diff.changes.map(\.decidesPixels) == [true, true, true, false])
    }

    @Test func graphNodesPairByName() {
        func graph(_ nodes: ConfigValue...) -> ConfigValue {
            ["pipeline": ["_target_": "Graph", "inputs": ["x"], "nodes": .array(nodes), "outputs": ["out": "b"]]]
        }
        let a: ConfigValue = ["name": "a", "op": Self.scale, "inputs": ["x"]]
        let b: ConfigValue = ["name": "b", "op": Self.gamma, "inputs": ["a"]]
        var brighter = b.objectValue!
        brighter["op"] = ["_target_": "Gamma", "gamma": 2.2]
        let diff = ConfigDiff(old: graph(a, b), new: graph(.object(brighter), a))
        #expect(
            Set(lines(diff)) == ["pipeline.nodes[0].op.gamma: 1.5 → 2.2", "pipeline.nodes: a moved from [0] to [1]"]
                || Set(lines(diff)) == [
                    "pipeline.nodes[0].op.gamma: 1.5 → 2.2", "pipeline.nodes: b moved from [1] to [0]",
                ], "\(lines(diff))")
    }

    @Test func equalConfigsHaveNoChanges() {
        #expect(
            ConfigDiff(old: sequential(Self.hillshade, Self.terrain), new: sequential(Self.hillshade, Self.terrain))
                .changes.isEmpty)
    }
}
