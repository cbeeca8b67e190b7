import Foundation

/// An artifact tarball, opened: its manifest and its members.
public struct Artifact: Sendable {
    public let path: String
    public let manifest: ArtifactManifest
    /// The manifest's bytes as stored (`artifact show --json` prints them).
    public let manifestData: Data
    private let reader: TarReader

    /// Opens the tarball at `path` and reads its manifest.
    public init(path: String) throws(ArtifactError) {
        self.path = path
        do { reader = try TarReader(path: path) } catch { throw ArtifactError("\(path): \(error)") }
        guard let data = reader.data(named: ArtifactManifest.memberName) else {
            throw ArtifactError("\(path) holds no \(ArtifactManifest.memberName): not a GeoToolz artifact")
        }
        manifestData = data
        manifest = try ArtifactManifest.decode(data)
    }

    /// The member holding the input at `path` (relative to the data directory).
    static func dataMember(_ path: String) -> String { "data/" + path }

    /// The stored bytes of `tile`, nil when they were not stored.
    public func storedBytes(of tile: ReferenceTile) -> Data? {
        tile.file.flatMap { reader.data(named: $0) }
    }

    /// Writes the included input files into `directory`, laid out as the data directory was.
    /// Paths are checked before anything is written: the manifest may come from anyone.
    public func extractData(to directory: String) throws(ArtifactError) {
        guard manifest.includesData else { throw ArtifactError("the artifact does not include its data") }
        for input in manifest.inputs {
            let parts = input.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !input.path.hasPrefix("/"), !parts.contains(".."), !parts.contains(""), !parts.contains(".") else {
                throw ArtifactError("the manifest names an input '\(input.path)' outside the data directory")
            }
            // A missing member leaves the file missing: verification names it.
            guard let member = reader.member(Self.dataMember(input.path)) else { continue }
            let target = directory + "/" + input.path
            do {
                try FileManager.default.createDirectory(
                    atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try reader.data(of: member).write(to: URL(fileURLWithPath: target))
            } catch {
                throw ArtifactError("cannot extract \(input.path): \(error.localizedDescription)")
            }
        }
    }
}
