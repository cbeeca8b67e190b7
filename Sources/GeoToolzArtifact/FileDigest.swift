import Crypto
import Foundation

/// SHA-256 of files and bytes, lowercase hex.
public enum FileDigest {
    /// The digest of `data`.
    public static func sha256(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    /// The digest and size of the file at `path`, read in chunks.
    public static func sha256(contentsOf path: String) throws(ArtifactError) -> (sha256: String, size: Int) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw ArtifactError("cannot read \(path)") }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size = 0
        while true {
            let piece: Data?
            do { piece = try handle.read(upToCount: 1 << 20) } catch {
                throw ArtifactError("cannot read \(path): \(error.localizedDescription)")
            }
            guard let piece, !piece.isEmpty else { break }
            hasher.update(data: piece)
            size += piece.count
        }
        return (hex(hasher.finalize()), size)
    }

    private static func hex(_ digest: SHA256.Digest) -> String {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
