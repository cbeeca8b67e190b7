import GeoToolz
import Testing

/// `beforeFinalColormap`: the pipeline a query reads values from.
@Suite struct ValuePipelineTests {
    private static func colormap() throws -> Colormap { try Colormap(name: "viridis", vmin: 0, vmax: 10) }

    @Test func aLoneColormapLeavesTheValuesAsTheyAre() throws {
        let values = try #require(try Self.colormap().beforeFinalColormap)
        #expect(values is Identity)
        #expect(try values.apply(ramp()) == ramp())
    }

    @Test func aSequentialLosesItsLastColormap() throws {
        let one = try #require(try Sequential([AddConstant(1), Self.colormap()]).beforeFinalColormap)
        #expect(try one.apply(ramp()).values == [1, 2, 3, 4])
        let two = try #require(try Sequential([AddConstant(1), AddConstant(2), Self.colormap()]).beforeFinalColormap)
        #expect((two as? Sequential)?.operators.count == 2)
        #expect(try two.apply(ramp()).values == [3, 4, 5, 6])
        let nested = try #require(
            try Sequential([AddConstant(1), Sequential([AddConstant(2), Self.colormap()])]).beforeFinalColormap)
        #expect(try nested.apply(ramp()).values == [3, 4, 5, 6])
    }

    @Test func aGraphLosesTheColormapOfItsOutputNode() throws {
        let graph = try Graph(
            inputs: ["a"],
            nodes: [
                Graph.Node(name: "plus", op: AddConstant(5), inputs: ["a"]),
                Graph.Node(
                    name: "colours", op: try Sequential([AddConstant(1), Self.colormap()]), inputs: ["plus"]),
            ],
            outputs: ["out": "colours"])
        let values = try #require(graph.beforeFinalColormap as? Graph)
        #expect(values.inputNames == ["a"])
        #expect(values.outputs == ["out": "colours"])
        #expect(try values.apply(inputs: [ramp()]).values == [6, 7, 8, 9])
    }

    @Test func pipelinesEndingInAnythingElseHaveNoColormapToDrop() throws {
        #expect(AddConstant(1).beforeFinalColormap == nil)
        #expect(try Sequential([Self.colormap(), AddConstant(1)]).beforeFinalColormap == nil)
        #expect(Sequential([]).beforeFinalColormap == nil)
    }
}
