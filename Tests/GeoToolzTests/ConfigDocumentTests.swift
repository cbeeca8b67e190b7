import GeoToolz
import Testing

@Suite struct ConfigDocumentTests {
    @Test func plainScalarsFollowTheYAML12CoreSchema() throws {
        let document = try ConfigDocument(
            parsing: """
                a: yes
                b: true
                c: 0x1F
                d: 1.5e3
                e: "12"
                f: ~
                g: 1:30
                h: -7
                i: .5
                j: 'null'
                """)
        #expect(
            document.root
                == [
                    "a": "yes", "b": true, "c": 31, "d": 1500, "e": "12", "f": nil, "g": "1:30", "h": -7, "i": 0.5,
                    "j": "null",
                ])
    }

    @Test func jsonIsReadByTheSameReader() throws {
        let document = try ConfigDocument(parsing: #"{"a": [1, 2.5, "x", null, false], "b": {"c": "d"}}"#)
        #expect(document.root == ["a": [1, 2.5, "x", nil, false], "b": ["c": "d"]])
    }

    @Test func valuesRememberWhereTheyStood() throws {
        let document = try ConfigDocument(
            parsing: """
                _target_: Sequential
                operators:
                  - _target_: Identity
                  - _target_: Stack
                """, source: "p.yaml")
        let path = ConfigPath().appending("operators").appending(1).appending("_target_")
        #expect(path.description == "pipeline.operators[1]._target_")
        #expect(document.location(of: path) == SourceLocation(line: 4, column: 15))
        let located = document.locate(ConfigError("bad", at: path))
        #expect(located.description == "p.yaml:4:15: pipeline.operators[1]._target_: bad")
    }

    @Test func aliasBombsAreBounded() {
        let bomb = """
            a: &a [x, x, x, x, x, x, x, x, x, x]
            b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
            c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
            d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
            e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
            f: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
            """
        #expect(throws: ConfigError.self) { try ConfigDocument(parsing: bomb, maxNodes: 10_000) }
    }

    /// Recording where each value stood costs the same however deep the value sits: 4 KB of
    /// aliases expanded under 900 nested lists (97 000 values) once took minutes and gigabytes,
    /// as each value's location was keyed by its whole path.
    @Test func deepAliasExpansionIsReadInLinearTime() throws {
        let list = "[" + Array(repeating: "1", count: 1000).joined(separator: ",") + "]"
        let aliases = Array(repeating: "*x", count: 97).joined(separator: ", ")
        let text =
            "a: &x \(list)\nb: " + String(repeating: "[", count: 900) + aliases + String(repeating: "]", count: 900)
        let start = ContinuousClock.now
        let document = try ConfigDocument(parsing: text, maxDepth: 1000)
        #expect(ContinuousClock.now - start < .seconds(10))
        #expect(document.location(of: ConfigPath().appending("b").appending(0).appending(0))?.line == 2)
    }

    /// Nesting is refused past a bound, with a message, before anything walks the value
    /// recursively: 999 nested lists (as deep as the YAML reader goes) overflowed the stack of
    /// the fuzzing build.
    @Test func deepNestingIsRefusedWithAClearError() throws {
        let text = String(repeating: "[", count: 999) + String(repeating: "]", count: 999)
        let error = try #require(throws: ConfigError.self) { try ConfigDocument(parsing: text) }
        #expect(error.message == "the document nests more than 64 mappings and lists deep")
        #expect(error.path.depth == 65)
        #expect(throws: Never.self) { try ConfigDocument(parsing: text, maxDepth: 1000) }
    }
}
