import GeoToolz
import Testing

@Suite struct GraphTests {
    /// A probe that records its label each time it runs, then passes the tensor on.
    func probe(_ label: String, _ log: EventLog) -> Tap { Tap(label) { _ in log.record(label) } }

    @Test func evaluatesASharedNodeOnceInDependencyOrder() throws {
        let log = EventLog()
        let red = Input("red")
        let nir = Input("nir")
        let shared = probe("shared", log)(red)
        let left = (probe("left", log) | AddConstant(1))(shared)
        let right = (probe("right", log) | AddConstant(10))(shared)
        let joined = (Stack() | probe("joined", log))(left, right, nir)
        let graph = try Graph(inputs: [red, nir], output: joined)

        let out = try graph.apply(inputs: [ramp(), ramp()])
        #expect(log.all == ["shared", "left", "right", "joined"])
        #expect(out.bands == 3)
        #expect(out.values == [1, 2, 3, 4, 10, 11, 12, 13, 0, 1, 2, 3])
    }

    @Test func runsSeveralNamedOutputs() throws {
        let x = Input("x")
        let plusOne = AddConstant(1)(x)
        let plusTwo = AddConstant(1)(plusOne)
        let graph = try Graph(inputs: [x], outputs: ["one": plusOne, "two": plusTwo, "same": x.symbol])
        let out = try graph.run(["x": ramp()])
        #expect(out.keys.sorted() == ["one", "same", "two"])
        #expect(out["one"]!.values == [1, 2, 3, 4])
        #expect(out["two"]!.values == [2, 3, 4, 5])
        #expect(out["same"]! == ramp())
        #expect(throws: GraphError.outputCount(3)) { try graph.apply(ramp()) }
    }

    @Test func callsNameTheMissingOrExtraInput() throws {
        let a = Input("a")
        let b = Input("b")
        let graph = try Graph(inputs: [a, b], output: Stack()(a, b))
        #expect(throws: GraphError.missingInput("b")) { try graph.run(["a": ramp()]) }
        #expect(throws: GraphError.extraInput("c")) { try graph.run(["a": ramp(), "b": ramp(), "c": ramp()]) }
        #expect(throws: OperatorError.self) { try graph.apply(inputs: [ramp()]) }
        #expect(try graph.run(["a": ramp(), "b": ramp()])["output"]!.bands == 2)
    }

    @Test func constructionFailsOnAnUndeclaredInput() {
        let a = Input("a")
        let stray = Input("stray")
        #expect(throws: GraphError.undeclaredInput("stray", node: "n0")) {
            try Graph(inputs: [a], output: Stack()(a, stray))
        }
    }

    @Test func constructionFailsOnACycle() {
        let nodes = [
            Graph.Node(name: "p", op: AddConstant(1), inputs: ["r"]),
            Graph.Node(name: "q", op: AddConstant(1), inputs: ["p"]),
            Graph.Node(name: "r", op: AddConstant(1), inputs: ["q"]),
        ]
        #expect(throws: GraphError.cycle(["p", "q", "r", "p"])) {
            try Graph(inputs: ["x"], nodes: nodes, outputs: ["out": "r"])
        }
    }

    @Test func constructionFailsOnBadWiring() {
        let add = AddConstant(1)
        #expect(throws: GraphError.duplicateName("x")) {
            try Graph(inputs: ["x"], nodes: [Graph.Node(name: "x", op: add, inputs: ["x"])], outputs: ["o": "x"])
        }
        #expect(throws: GraphError.unknownOutput(output: "o", source: "nowhere")) {
            try Graph(inputs: ["x"], nodes: [], outputs: ["o": "nowhere"])
        }
        #expect(throws: GraphError.outputCount(0)) { try Graph(inputs: ["x"], nodes: [], outputs: [:]) }
        #expect(throws: GraphError.arity(node: "n", operatorName: "AddConstant", expected: .exactly(1), given: 2)) {
            try Graph(inputs: ["x"], nodes: [Graph.Node(name: "n", op: add, inputs: ["x", "x"])], outputs: ["o": "n"])
        }
    }

    @Test func nodesMayBeDeclaredInAnyOrder() throws {
        let nodes = [
            Graph.Node(name: "second", op: AddConstant(10), inputs: ["first"]),
            Graph.Node(name: "first", op: AddConstant(1), inputs: ["x"]),
        ]
        let graph = try Graph(inputs: ["x"], nodes: nodes, outputs: ["o": "second"])
        #expect(try graph.apply(ramp()).values == [11, 12, 13, 14])
        // The declared order is what the config keeps.
        #expect(graph.nodes.map(\.name) == ["second", "first"])
    }

    @Test func haloIsTheWidestPathToAnOutput() throws {
        let x = Input("x")
        let narrow = AddConstant(0, halo: 1)(x)
        let wide = AddConstant(0, halo: 2)(AddConstant(0, halo: 3)(x))
        let graph = try Graph(inputs: [x], output: AddConstant(0, halo: 1)(Stack()(narrow, wide)))
        #expect(graph.halo == 6)
        let direct = try Graph(inputs: [x], output: x.symbol)
        #expect(direct.halo == 0)
    }

    @Test func aGraphIsAnOperator() throws {
        let x = Input("x")
        let graph = try Graph(inputs: [x], output: AddConstant(1)(x))
        let pipeline = graph | AddConstant(1)
        #expect(try pipeline.apply(ramp()).values == [2, 3, 4, 5])
        #expect(pipeline.halo == 0)
    }
}
