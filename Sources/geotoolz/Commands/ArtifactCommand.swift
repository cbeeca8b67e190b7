import ArgumentParser
import Foundation
import GeoToolzArtifact

/// `geotoolz artifact`: pinned, verifiable releases of a layer.
struct ArtifactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "artifact",
        abstract: "Freeze a layer into a verifiable tarball, verify one, or show its manifest.",
        subcommands: [ArtifactFreezeCommand.self, ArtifactVerifyCommand.self, ArtifactShowCommand.self]
    )

    /// Exit status of a command that could not do its job (unreadable artifact, bad data directory),
    /// as opposed to 1, drift found.
    static let errorStatus = ExitCode(2)

    /// Opens an artifact, or exits 2 saying why not.
    static func open(_ path: String) throws -> Artifact {
        do {
            return try Artifact(path: path)
        } catch {
            printError("error: \(error)")
            throw errorStatus
        }
    }
}
