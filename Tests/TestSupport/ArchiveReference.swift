import Foundation
import GeoToolzIO

/// What scripts/archive-reference.py reads in an archive: MBTiles with Debian's python3
/// (sqlite3, GDAL, PIL), PMTiles with the test venv's python (the pmtiles package); or what a
/// tile server answers, through Python's urllib.
public struct ArchiveReference {
    public let json: [String: Any]

    /// The venv's python (the Makefile's `.test-venv` installs scripts/archives.requirements.txt):
    /// `TEST_VENV_PYTHON`, else the package's `.test-venv/bin/python`.
    public static let venvPython =
        ProcessInfo.processInfo.environment["TEST_VENV_PYTHON"]
        ?? PackagePaths.root.appendingPathComponent(".test-venv/bin/python").path

    /// Reads the archive at `path`.
    public init(_ format: TileArchiveFormat, _ path: String, _ arguments: [String] = []) throws {
        let python = format == .mbtiles ? "/usr/bin/python3" : Self.venvPython
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw ReferenceError(
                "no python at \(python): the test venv is missing (`make test` makes .test-venv, or set TEST_VENV_PYTHON)"
            )
        }
        json = try Self.run(python, [format.rawValue, path] + arguments)
        // A tile listed twice is a broken archive, whatever bytes each entry holds.
        let repeated = repeatedTiles
        guard repeated.isEmpty else {
            throw ReferenceError("the reference reader finds \(repeated.sorted()) more than once in \(path)")
        }
    }

    /// What the server at `base` (e.g. `http://127.0.0.1:8080/tiles/elevation`) answers for each
    /// `z/x/y` followed by `suffix`: `[status, SHA-256, length]`.
    public static func served(_ base: String, _ addresses: [String], suffix: String = ".png") throws -> [String: [Any]]
    {
        let json = try run("/usr/bin/python3", ["server", "--suffix=\(suffix)", base, "--"] + addresses)
        return json.compactMapValues { $0 as? [Any] }
    }

    private static func run(_ python: String, _ arguments: [String]) throws -> [String: Any] {
        let script = PackagePaths.root.appendingPathComponent("scripts/archive-reference.py").path
        let result = try runToCompletion(python, [script] + arguments)
        guard result.status == 0 else {
            throw ReferenceError("archive-reference.py failed:\n\(result.standardError.suffix(3000))")
        }
        guard let json = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any]
        else { throw ReferenceError("archive-reference.py printed no JSON object") }
        return json
    }

    public subscript(key: String) -> Any? { json[key] }

    public func dictionary(_ key: String) -> [String: Any] { json[key] as? [String: Any] ?? [:] }

    public func int(_ key: String) -> Int? { json[key] as? Int }

    /// The tiles the reader found, `z/x/y` → SHA-256.
    public var tiles: [String: String] {
        var tiles: [String: String] = [:]
        for case let row as [Any] in json["tiles"] as? [Any] ?? [] {
            tiles["\(row[0])/\(row[1])/\(row[2])"] = row[3] as? String
        }
        return tiles
    }

    /// Tiles the reader found more than once.
    private var repeatedTiles: [String] {
        let rows = (json["tiles"] as? [Any] ?? []).compactMap { $0 as? [Any] }.map { "\($0[0])/\($0[1])/\($0[2])" }
        return Dictionary(grouping: rows, by: { $0 }).filter { $0.value.count > 1 }.map(\.key)
    }
}

/// A reference reader that could not run.
public struct ReferenceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
