import Foundation

/// A shell-style path pattern relative to the data directory: `*`, `?` and `[…]` within one
/// path segment (as `fnmatch`, never crossing `/` and never matching a leading `.`), and `**`
/// as a whole segment for any number of directories.
struct GlobPattern: Sendable, Hashable {
    /// The pattern's segments, split at `/`.
    let segments: [String]

    init(_ pattern: String) {
        segments = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether `path` holds any wildcard, so it names files by pattern rather than one file.
    static func isPattern(_ path: String) -> Bool {
        path.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The leading segments without wildcards: the directory a walk starts from.
    var literalPrefix: [String] {
        Array(segments.prefix { !Self.isPattern($0) })
    }

    /// Whether the segment at `index` matches the directory entry `name`.
    func segment(_ index: Int, matches name: String) -> Bool {
        fnmatch(segments[index], name, FNM_PERIOD) == 0
    }
}
