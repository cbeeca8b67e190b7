import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One parsed HTTP/1.1 response.
struct TestResponse {
    let status: Int
    let headers: [(String, String)]
    let body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed]) }
}

enum TestClientError: Error, CustomStringConvertible {
    case connect(Int32)
    case closed(String)
    case malformed(String)

    var description: String {
        switch self {
        case .connect(let code): "connect failed: errno \(code)"
        case .closed(let context): "connection closed \(context)"
        case .malformed(let context): "malformed response: \(context)"
        }
    }
}

/// A blocking HTTP/1.1 client over one TCP connection, speaking the protocol byte for byte so
/// tests can send exactly what a browser, curl or a hostile client would (keep-alive,
/// pipelining, oversized or malformed requests, slow heads).
final class HTTPTestClient {
    private let socket: Int32
    private var buffer: [UInt8] = []

    /// Connects to 127.0.0.1:`port`, with a receive timeout so a hung server fails the test.
    /// `receiveBuffer` shrinks the kernel's receive buffer, for clients that read slowly or never.
    init(port: Int, timeoutSeconds: Int = 20, receiveBuffer: Int? = nil) throws {
        socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        if var size = receiveBuffer.map(Int32.init) {
            setsockopt(socket, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(socket)
            throw TestClientError.connect(code)
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { Glibc.close(socket) }

    /// Sends raw bytes, failing when the server takes none of them for `timeoutSeconds`.
    func send(_ text: String, timeoutSeconds: Int) throws {
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        try send(text)
    }

    /// Sends raw bytes.
    func send(_ text: String) throws {
        let bytes = Array(text.utf8)
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw TestClientError.closed("while sending") }
            sent += n
        }
    }

    /// Sends a request with the given method, target, extra headers and, when given, a body
    /// (with its `Content-Length`).
    func request(_ method: String, _ target: String, headers: [String: String] = [:], body: String? = nil) throws {
        var text = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        for (name, value) in headers.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
        if let body { text += "Content-Length: \(body.utf8.count)\r\n" }
        try send(text + "\r\n" + (body ?? ""))
    }

    /// Sends a GET (or other method, with an optional body) and reads its response.
    func fetch(_ target: String, method: String = "GET", headers: [String: String] = [:], body: String? = nil)
        throws -> TestResponse
    {
        try request(method, target, headers: headers, body: body)
        return try readResponse(method: method)
    }

    /// Reads one response; `method` tells whether a body follows (`HEAD` has none).
    func readResponse(method: String = "GET") throws -> TestResponse {
        let headEnd = try readUntilHeadEnd()
        let headText = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = headText.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw TestClientError.malformed(headText) }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        var length = 0
        if method != "HEAD" && status != 204 && status != 304 {
            length = headers.first { $0.0.lowercased() == "content-length" }.flatMap { Int($0.1) } ?? 0
        }
        while buffer.count < length { try receive() }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return TestResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server closes the connection within `seconds` and `microseconds` (a timeout is
    /// not a close); reads at most one byte.
    func isClosedByServer(within seconds: Int = 10, microseconds: Int = 0) -> Bool {
        var timeout = timeval(tv_sec: seconds, tv_usec: microseconds)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var byte: UInt8 = 0
        let n = recv(socket, &byte, 1, 0)
        return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
    }

    /// Linux's POLLRDHUP (the peer closed its side), which Glibc's Swift overlay does not export.
    private static let pollReadHangUp: Int16 = 0x2000

    /// Whether the server closes (or resets) the connection within `seconds`, watched without
    /// reading anything, so responses the server sent stay unread.
    func isClosedByServerWithoutReading(within seconds: Int) -> Bool {
        var descriptor = pollfd(fd: socket, events: Self.pollReadHangUp, revents: 0)
        let deadline = Date().addingTimeInterval(TimeInterval(seconds))
        while Date() < deadline {
            descriptor.revents = 0
            let ready = poll(&descriptor, 1, 100)
            let closedMask = Self.pollReadHangUp | Int16(POLLHUP) | Int16(POLLERR)
            if ready > 0 && descriptor.revents & closedMask != 0 { return true }
        }
        return false
    }

    private func readUntilHeadEnd() throws -> Int {
        while true {
            if buffer.count >= 4 {
                for index in 0...(buffer.count - 4)
                where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13
                    && buffer[index + 3] == 10
                {
                    return index
                }
            }
            try receive()
        }
    }

    private func receive() throws {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
        guard n > 0 else { throw TestClientError.closed("while reading (errno \(errno))") }
        buffer.append(contentsOf: chunk[..<n])
    }
}
