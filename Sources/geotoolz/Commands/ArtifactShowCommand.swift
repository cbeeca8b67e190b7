import ArgumentParser
import Foundation
import GeoToolzArtifact

/// `geotoolz artifact show`: what an artifact pins.
struct ArtifactShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Print an artifact's manifest: a summary, or the JSON itself.")

    @Argument(help: "The artifact (.tar).")
    var file: String

    @Flag(help: "Print manifest.json as stored.")
    var json = false

    func run() throws {
        let artifact = try ArtifactCommand.open(file)
        if json {
            FileHandle.standardOutput.write(artifact.manifestData)
            return
        }
        let manifest = artifact.manifest
        var lines = [
            "layer \(manifest.layer.name)", "  config hash \(manifest.layer.configHash)",
            "  document hash \(manifest.layer.documentHash)",
            "inputs (\(manifest.inputs.count), \(manifest.includesData ? "included" : "not included")):",
        ]
        lines += manifest.inputs.map { "  \($0.path)  \($0.size) bytes  sha256 \($0.sha256)" }
        lines.append("versions:")
        lines += manifest.versions.sorted { $0.key < $1.key }.map { "  \($0.key) \($0.value)" }
        if let source = manifest.commitSource { lines.append("  (commit from \(source))") }
        lines.append("platform:")
        lines += manifest.platform.sorted { $0.key < $1.key }.map { "  \($0.key) \($0.value)" }
        lines.append("reference tiles (\(manifest.referenceTiles.count)):")
        lines += manifest.referenceTiles.map {
            "  \($0.description)  sha256 \($0.sha256)\($0.file.map { "  stored as \($0)" } ?? "")"
        }
        if !manifest.metadata.isEmpty {
            lines.append("metadata:")
            lines += manifest.metadata.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        }
        print(lines.joined(separator: "\n"))
    }
}
