/// What `ArtifactVerifier` found: drifts fail verification, warnings do not.
public struct VerifyReport: Sendable, Hashable {
    public var drifts: [Drift] = []
    public var warnings: [Drift] = []
    /// Inputs re-hashed, reference tiles re-rendered.
    public var inputsChecked = 0
    public var tilesChecked = 0

    public init() {}

    /// Whether everything that decides the bytes matched.
    public var passed: Bool { drifts.isEmpty }

    /// The report, one finding a line, ending in the verdict.
    public var lines: [String] {
        drifts.map { "drift: \($0)" } + warnings.map { "warning: \($0)" }
            + [
                passed
                    ? "verified: \(inputsChecked) inputs, config, \(tilesChecked) reference tiles match"
                    : "drifted: \(drifts.count) \(drifts.count == 1 ? "difference" : "differences")"
            ]
    }
}
