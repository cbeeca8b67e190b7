import Logging
import NIOConcurrencyHelpers

/// Keeps every log message, to count the lines a state change writes.
public final class LogRecorder: Sendable {
    private let lines = NIOLockedValueBox<[String]>([])

    public init() {}

    public var logger: Logger {
        Logger(label: "test.redis") { _ in RecordingLogHandler(recorder: self) }
    }

    public var messages: [String] { lines.withLockedValue { $0 } }

    public func count(_ message: String) -> Int { messages.filter { $0 == message }.count }

    fileprivate func record(_ message: String) {
        lines.withLockedValue { $0.append(message) }
    }
}

private struct RecordingLogHandler: LogHandler {
    let recorder: LogRecorder
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        recorder.record(event.message.description)
    }
}
