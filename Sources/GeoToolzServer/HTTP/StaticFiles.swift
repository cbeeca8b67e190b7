import Foundation
import NIOCore

/// The files of a folder, read into memory once so serving them never touches the disk from an
/// event loop.
public struct StaticFiles: Sendable {
    /// One file ready to send.
    public struct File: Sendable {
        public let body: ByteBuffer
        public let contentType: String
        public let etag: String
    }

    private let files: [String: File]

    /// No files.
    public init() {
        files = [:]
    }

    /// Reads every regular file below `directory` (not following links out of it), up to
    /// `maxBytes` in all.
    public init(directory: String, maxBytes: Int = 32 << 20) {
        let root = URL(fileURLWithPath: directory).standardizedFileURL.resolvingSymlinksInPath()
        var files = [String: File]()
        var total = 0
        let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: [.isRegularFileKey, .isSymbolicLinkKey],
            options: [.skipsHiddenFiles])
        while let url = enumerator?.nextObject() as? URL {
            let resolved = url.resolvingSymlinksInPath()
            guard resolved.path.hasPrefix(root.path + "/"),
                (try? resolved.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                let data = try? Data(contentsOf: resolved), total + data.count <= maxBytes
            else { continue }
            total += data.count
            let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count + 1))
            var hasher = FNV1a()
            hasher.combine(data)
            files[relative] = File(
                body: ByteBuffer(bytes: data), contentType: Self.contentType(of: relative),
                etag: "\"\(String(hasher.value, radix: 16))-\(data.count)\"")
        }
        self.files = files
    }

    /// The file at a relative path.
    public func file(_ path: String) -> File? { files[path] }

    /// Whether any file was read.
    public var isEmpty: Bool { files.isEmpty }

    private static func contentType(of path: String) -> String {
        switch path.split(separator: ".").last?.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "js", "mjs": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json"
        case "png": "image/png"
        case "svg": "image/svg+xml"
        case "ico": "image/x-icon"
        case "txt", "md": "text/plain; charset=utf-8"
        default: "application/octet-stream"
        }
    }
}

/// The 64-bit FNV-1a hash: a cheap, stable fingerprint for static file ETags.
struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01b3
        }
    }
}
