import GeoToolz
import Testing

/// Configs from people you do not trust: each is refused with a message that names the problem
/// and where it sits, and nothing is built.
@Suite struct BadConfigTests {
    struct Case: CustomStringConvertible, Sendable {
        let name: String
        let text: String
        /// The path the error must point at.
        let path: String
        /// Words the message must contain.
        let message: String
        /// The line the error must point at, when the text locates it.
        let line: Int?
        var limits = PipelineLimits()
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown target",
            text: """
                _target_: Sequential
                operators:
                  - _target_: Identity
                  - _target_: os.system
                    command: rm -rf /
                """,
            path: "pipeline.operators[1]._target_", message: "unknown operator 'os.system'", line: 4),
        Case(
            name: "missing target", text: "operators: []", path: "pipeline", message: "missing '_target_'",
            line: 1),
        Case(
            name: "target not a string", text: "_target_: [Sequential]", path: "pipeline._target_",
            message: "must be an operator name, found a list", line: 1),
        Case(
            name: "unknown parameter",
            text: "_target_: AddConstant\nvalue: 1\nvalu: 2", path: "pipeline.valu",
            message: "unknown parameter 'valu' for AddConstant", line: 3),
        Case(
            name: "wrong type", text: "_target_: AddConstant\nvalue: one", path: "pipeline.value",
            message: "'value' of AddConstant must be a number, found a string", line: 2),
        Case(
            name: "integer expected", text: "_target_: AddConstant\nvalue: 1\nhalo: 1.5", path: "pipeline.halo",
            message: "must be an integer", line: 3),
        Case(
            name: "missing required parameter", text: "_target_: AddConstant\nhalo: 1", path: "pipeline.value",
            message: "AddConstant needs 'value'", line: 1),
        Case(
            name: "invalid value", text: "_target_: AddConstant\nvalue: 1\nhalo: -1", path: "pipeline.halo",
            message: "halo cannot be negative", line: 3),
        Case(
            name: "lambda", text: "_target_: Sequential\noperators:\n  - {_target_: Lambda, label: x}",
            path: "pipeline.operators[0]._target_", message: "code cannot be loaded from a config", line: 3),
        Case(
            name: "tap", text: "{_target_: Tap}", path: "pipeline._target_",
            message: "code cannot be loaded from a config", line: 1),
        Case(
            name: "operators not a list", text: "_target_: Sequential\noperators: {_target_: Identity}",
            path: "pipeline.operators", message: "expected a list of operators, found a mapping", line: 2),
        Case(
            name: "operator not a mapping", text: "_target_: Sequential\noperators: [Identity]",
            path: "pipeline.operators[0]", message: "expected an operator", line: 2),
        Case(
            name: "too deep",
            text: """
                _target_: Sequential
                operators:
                  - _target_: Sequential
                    operators:
                      - _target_: Sequential
                        operators: [{_target_: Identity}]
                """,
            path: "pipeline.operators[0].operators[0]", message: "nest more than 2 deep", line: 5,
            limits: PipelineLimits(maxDepth: 2)),
        Case(
            name: "too long",
            text: "_target_: Sequential\noperators: [{_target_: Identity}, {_target_: Identity}, {_target_: Identity}]",
            path: "pipeline.operators[2]", message: "more than 3 operators", line: 2,
            limits: PipelineLimits(maxOperators: 3)),
        Case(
            name: "too deeply nested", text: "_target_: Identity\nx: [[[1]]]", path: "pipeline.x[0][0]",
            message: "nests more than 2 mappings and lists deep", line: 2,
            limits: PipelineLimits(maxDocumentDepth: 2)),
        Case(
            name: "malformed YAML", text: "_target_: Sequential\noperators: [\n  {_target_: Identity\n",
            path: "pipeline", message: "malformed YAML/JSON", line: nil),
        Case(
            name: "malformed JSON", text: #"{"_target_": "Identity",, }"#, path: "pipeline",
            message: "malformed YAML/JSON", line: 1),
        Case(
            name: "empty document", text: "", path: "pipeline", message: "the document is empty", line: nil),
        Case(
            name: "duplicate key", text: "_target_: AddConstant\nvalue: 1\nvalue: 2", path: "pipeline",
            message: "duplicate key 'value'", line: 2),
        Case(
            name: "yaml tag", text: "_target_: !!python/object:os.system Identity", path: "pipeline._target_",
            message: "YAML tags are not allowed", line: 1),
        Case(
            name: "non-finite number", text: "_target_: AddConstant\nvalue: .nan", path: "pipeline.value",
            message: "non-finite numbers", line: 2),
        Case(
            name: "graph cycle",
            text: """
                _target_: Graph
                inputs: [x]
                nodes:
                  - {name: a, op: {_target_: Identity}, inputs: [b]}
                  - {name: b, op: {_target_: Identity}, inputs: [a]}
                outputs: {out: b}
                """,
            path: "pipeline.nodes", message: "cycle: a → b → a", line: 4),
        Case(
            name: "graph undeclared input",
            text: """
                _target_: Graph
                inputs: [red]
                nodes:
                  - name: ndvi
                    op: {_target_: Stack}
                    inputs: [red, nir]
                outputs: {out: ndvi}
                """,
            path: "pipeline.nodes[0].inputs[1]", message: "reads 'nir', which is neither a declared input", line: 6),
        Case(
            name: "graph unknown output",
            text: "_target_: Graph\ninputs: [x]\nnodes: []\noutputs: {out: y}", path: "pipeline.outputs.out",
            message: "output 'out' names 'y'", line: 4),
        Case(
            name: "graph node parameter",
            text:
                "_target_: Graph\ninputs: [x]\nnodes: [{name: a, op: {_target_: Identity}, inputs: [x], extra: 1}]\noutputs: {o: a}",
            path: "pipeline.nodes[0].extra", message: "unknown parameter 'extra' for a Graph node", line: 3),
        Case(
            name: "nested bad operator in graph",
            text:
                "_target_: Graph\ninputs: [x]\nnodes:\n  - name: a\n    op: {_target_: eval}\n    inputs: [x]\noutputs: {o: a}",
            path: "pipeline.nodes[0].op._target_", message: "unknown operator 'eval'", line: 5),
    ]

    @Test(arguments: cases)
    func isRefusedWithALocatedMessage(_ bad: Case) throws {
        let error = try #require(loadError(bad.text, limits: bad.limits), "\(bad.name) was accepted")
        #expect(error.path.description == bad.path, "\(error)")
        #expect(error.message.contains(bad.message), "\(error)")
        #expect(error.source == "test.yaml")
        if let line = bad.line { #expect(error.location?.line == line, "\(error)") }
        #expect(error.description.contains(bad.path))
    }

    @Test func thereAreAtLeastFifteenDistinctCases() {
        #expect(Set(Self.cases.map(\.message)).count >= 15)
    }

    @Test func anOversizedDocumentIsRefusedBeforeParsing() {
        let text = "_target_: Identity\n# " + String(repeating: "x", count: 2000)
        let error = loadError(text, limits: PipelineLimits(maxDocumentBytes: 1000))
        #expect(error?.message.contains("more than the limit of 1000") == true)
    }
}
