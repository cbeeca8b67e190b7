import ArgumentParser
import Foundation
import GeoToolzArtifact
import GeoToolzIO

/// Where an artifact's inputs are read: `--data`, else the data inside the artifact (extracted
/// to a temporary directory), else `./data`.
enum ArtifactData {
    /// The data directory and what removes it when it was extracted; exits 2 when there is none.
    static func directory(for artifact: Artifact, data: String?) throws -> (DataDirectory, () -> Void) {
        do {
            if data == nil && artifact.manifest.includesData {
                let folder = NSTemporaryDirectory() + "geotoolz-artifact-\(UUID().uuidString)"
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
                let remove = { _ = try? FileManager.default.removeItem(atPath: folder) }
                do {
                    try artifact.extractData(to: folder)
                    return (try DataDirectory(folder), remove)
                } catch {
                    remove()
                    throw error
                }
            }
            return (try DataDirectory(data ?? "data"), {})
        } catch {
            printError("error: \(error)")
            throw ArtifactCommand.errorStatus
        }
    }
}
