import ArgumentParser
import Foundation
import GeoToolzArtifact
import GeoToolzIO

/// `geotoolz artifact verify`: does the artifact still hold over this data and this build?
struct ArtifactVerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check an artifact: inputs' hashes, config hash, versions, reference tiles' bytes.",
        discussion: """
            Exit status: 0 when everything matches, 1 when something drifted (each drift is listed), \
            2 when the check could not run. A changed library or platform version alone is a warning: \
            identical tile bytes are what a release promises; --strict makes it a drift.
            """)

    @Argument(help: "The artifact (.tar).")
    var file: String

    @Option(help: "The data directory (default: the data inside the artifact, else ./data).")
    var data: String?

    @Flag(help: "Fail on a changed library, compiler or platform version even when the tiles are identical.")
    var strict = false

    func run() throws {
        let artifact = try ArtifactCommand.open(file)
        let (directory, cleanup) = try ArtifactData.directory(for: artifact, data: data)
        defer { cleanup() }
        var verifier = ArtifactVerifier(artifact)
        verifier.strict = strict
        let report = verifier.verify(dataDirectory: directory)
        print(report.lines.joined(separator: "\n"))
        if !report.passed { throw ExitCode.failure }
    }
}
