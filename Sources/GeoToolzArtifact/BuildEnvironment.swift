import Foundation
import GeoToolz
import GeoToolzIO

#if canImport(Glibc)
    import Glibc
#endif

/// What this process renders with: the versions of GeoToolz and the libraries that make tile
/// bytes, and the platform.
public struct BuildEnvironment: Sendable, Hashable {
    public var versions: [String: String]
    public var commitSource: String?
    public var platform: [String: String]

    /// This process's environment. The commit comes from `GEOTOOLZ_COMMIT`, else from
    /// `git rev-parse HEAD` of the source tree this binary was compiled from, when it is still
    /// there (SwiftPM cannot embed it at build time); else it is left out.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        var versions = [
            "geotoolz": GeoToolzVersion.string, "gdal": LibraryVersions.gdal, "proj": LibraryVersions.proj,
            "libpng": LibraryVersions.libpng, "libdeflate": LibraryVersions.libdeflate,
            "libwebp": LibraryVersions.libwebp, "libjpeg-turbo": LibraryVersions.libjpegTurbo,
            "swift": SwiftCompilerVersion.string,
        ]
        let commit = SourceCommit.find(environment: environment)
        versions["commit"] = commit?.commit
        return BuildEnvironment(versions: versions, commitSource: commit?.source, platform: Self.platform)
    }

    /// The operating system, architecture and C library.
    static var platform: [String: String] {
        var name = utsname()
        uname(&name)
        func field<T>(_ value: T) -> String {
            withUnsafeBytes(of: value) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        }
        var platform = ["os": "\(field(name.sysname)) \(field(name.release))", "architecture": field(name.machine)]
        if let release = Self.osRelease { platform["distribution"] = release }
        // "glibc 2.36": the C library's version, which libm's results (and so pixels) may follow.
        var buffer = [CChar](repeating: 0, count: 64)
        if confstr(Int32(_CS_GNU_LIBC_VERSION), &buffer, buffer.count) > 0 {
            let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            platform["glibc"] = text.replacingOccurrences(of: "glibc ", with: "")
        }
        return platform
    }

    /// `PRETTY_NAME` of /etc/os-release ("Debian GNU/Linux 12 (bookworm)").
    private static var osRelease: String? {
        guard let text = try? String(contentsOfFile: "/etc/os-release", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("PRETTY_NAME=") {
            return line.dropFirst("PRETTY_NAME=".count).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }
}
