import Foundation
import NIOCore

/// The server could not open its listening socket: the address, and the system's reason.
public struct ListenError: Error, CustomStringConvertible {
    public let host: String
    public let port: Int
    /// The system's reason (`Address already in use`, …).
    public let reason: String

    init(host: String, port: Int, cause: any Error) {
        self.host = host
        self.port = port
        if let io = cause as? IOError {
            reason = String(cString: strerror(io.errnoCode))
        } else {
            reason = "\(cause)"
        }
    }

    public var description: String { "cannot listen on \(host):\(port): \(reason)" }
}
