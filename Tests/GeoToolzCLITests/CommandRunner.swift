import Foundation
import TestSupport

/// Runs the `geotoolz` binary built beside the test bundle.
enum GeoToolzBinary {
    /// The build products folder: where `swift build` put both the tests and `geotoolz`.
    static var productsDirectory: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try runToCompletion(
            productsDirectory.appendingPathComponent("geotoolz").path, arguments, environment: environment)
    }

    /// Writes `text` to a new temporary file named `name`.
    static func temporaryFile(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("geotoolz-cli-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }
}
