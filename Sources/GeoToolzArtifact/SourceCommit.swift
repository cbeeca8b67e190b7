import Foundation

/// The git commit GeoToolz was built from, when it can be known at run time.
struct SourceCommit: Sendable, Hashable {
    let commit: String
    /// How it was found.
    let source: String

    /// The package's root, where this file was compiled from.
    private static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// `GEOTOOLZ_COMMIT`, else `git rev-parse HEAD` of the source tree (with `-dirty` when tracked
    /// files differ from it), else nil.
    static func find(environment: [String: String]) -> SourceCommit? {
        if let given = environment["GEOTOOLZ_COMMIT"], !given.isEmpty {
            return SourceCommit(commit: given, source: "GEOTOOLZ_COMMIT")
        }
        guard FileManager.default.fileExists(atPath: packageRoot + "/.git"),
            let head = git(["rev-parse", "HEAD"]), !head.isEmpty
        else { return nil }
        let dirty = git(["status", "--porcelain", "--untracked-files=no"]).map { !$0.isEmpty } ?? false
        return SourceCommit(
            commit: head + (dirty ? "-dirty" : ""),
            source: "git rev-parse HEAD of \(packageRoot) when run (the binary may predate it)")
    }

    private static func git(_ arguments: [String]) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
        process.arguments = ["-C", packageRoot] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return nil }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
