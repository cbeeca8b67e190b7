import Foundation
import NIOConcurrencyHelpers
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz serve` run as its own process, as an operator runs it, on a free port.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    private(set) var port = 0
    private let log = NIOLockedValueBox("")

    /// Starts the binary built beside the tests and waits for it to listen.
    init(layers: String, data: String = PackagePaths.data, arguments: [String] = []) throws {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("geotoolz")
        process.executableURL = binary
        process.arguments =
            [
                "serve", "--port", "0", "--layers", layers, "--data", data, "--static",
                PackagePaths.staticFiles,
            ] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        errors.fileHandleForReading.readabilityHandler = { [log] handle in
            let text = String(decoding: handle.availableData, as: UTF8.self)
            log.withLockedValue { $0 += text }
        }
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let port = Self.port(in: output) {
                self.port = port
                return
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        stop()
        throw TestClientError.closed("geotoolz serve did not start: \(output)")
    }

    /// Everything the server logged so far.
    var output: String { log.withLockedValue { $0 } }

    func client() throws -> HTTPTestClient { try HTTPTestClient(port: port) }

    /// The sum of a Prometheus metric's samples carrying `labels`, 0 when absent.
    func metric(_ name: String, _ labels: [String: String] = [:]) throws -> Double {
        try prometheusSample(port: port, name, labels)
    }

    func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the process to exit; its status, or nil when it is still running at the deadline.
    func waitForExit(seconds: TimeInterval) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return process.isRunning ? nil : process.terminationStatus
    }

    func stop() {
        guard process.isRunning else { return }
        signal(SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }

    private static func port(in log: String) -> Int? {
        // Only a complete line counts: the log may arrive in pieces.
        guard let range = log.range(of: "at http://127.0.0.1:") else { return nil }
        let rest = log[range.upperBound...]
        let digits = rest.prefix { $0.isNumber }
        guard rest.dropFirst(digits.count).hasPrefix("/") else { return nil }
        return Int(digits)
    }
}
