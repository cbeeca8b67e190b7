import Foundation
import GeoToolz

#if canImport(Glibc)
    import Glibc
#endif

/// A blocking HTTP/1.1 client for GET requests over one kept-alive connection, for one thread.
///
/// Small on purpose: a seeding thread waits for each tile anyway, and a plain socket keeps the
/// connection (and the server's keep-alive) across thousands of requests without an event loop.
final class HTTPTileClient {
    /// A response: status, headers (names lowercased) and body.
    struct Response {
        let status: Int
        let headers: [String: String]
        let body: [UInt8]
    }

    private let endpoint: HTTPEndpoint
    private let timeout: Duration
    private var descriptor: Int32 = -1
    private var buffer: [UInt8] = []

    init(endpoint: HTTPEndpoint, timeout: Duration) {
        self.endpoint = endpoint
        self.timeout = timeout
    }

    deinit {
        disconnect()
    }

    /// GETs `path` (under the endpoint's base path). A kept-alive connection the server closed
    /// meanwhile is reopened and the request sent once more.
    func get(_ path: String) throws(PrewarmError) -> Response {
        let reused = descriptor >= 0
        do {
            return try exchange(path)
        } catch {
            disconnect()
            guard reused, error.isStaleConnection else { throw error.failure }
            do { return try exchange(path) } catch {
                disconnect()
                throw error.failure
            }
        }
    }

    func disconnect() {
        if descriptor >= 0 { close(descriptor) }
        descriptor = -1
        buffer.removeAll()
    }

    // MARK: Exchange

    /// Why an exchange failed, and whether nothing of a response had arrived yet (the mark of a
    /// connection the server closed while it was idle).
    private struct ExchangeError: Error {
        let failure: PrewarmError
        let isStaleConnection: Bool
    }

    private func exchange(_ path: String) throws(ExchangeError) -> Response {
        if descriptor < 0 { try connect() }
        let request =
            "GET \(endpoint.basePath)\(path) HTTP/1.1\r\nHost: \(endpoint.hostHeader)\r\n"
            + "User-Agent: geotoolz-prewarm\r\nAccept: image/png\r\n\r\n"
        try send(Array(request.utf8))
        let headEnd = try readUntilHeadEnd()
        let head = String(decoding: buffer[..<headEnd], as: UTF8.self)
        buffer.removeFirst(headEnd + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst().split(separator: " ", maxSplits: 2)
        guard statusLine.count >= 2, statusLine[0].hasPrefix("HTTP/1."), let status = Int(statusLine[1]) else {
            throw fatal("the server answered something that is not HTTP/1.1")
        }
        var headers = [String: String]()
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...]
                .trimmingCharacters(in: .whitespaces)
        }
        let body: [UInt8]
        if status == 204 || status == 304 || (100..<200).contains(status) {
            body = []
        } else if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            body = try readChunked()
        } else if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0 else { throw fatal("bad Content-Length '\(lengthText)'") }
            body = try readExactly(length)
        } else {
            body = try readToEnd()
            headers["connection"] = "close"
        }
        if headers["connection"]?.lowercased() == "close" { disconnect() }
        return Response(status: status, headers: headers, body: body)
    }

    private func connect() throws(ExchangeError) {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &found)
        guard status == 0, let first = found else {
            throw fatal("cannot resolve \(endpoint.host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var reason = "no address"
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let socketDescriptor = socket(address.pointee.ai_family, address.pointee.ai_socktype, 0)
            guard socketDescriptor >= 0 else { continue }
            // On Linux the send timeout also bounds connect().
            let microseconds = max(timeout.microseconds, 1)
            var limit = timeval(tv_sec: Int(microseconds / 1_000_000), tv_usec: Int(microseconds % 1_000_000))
            setsockopt(socketDescriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(socketDescriptor, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            var on: Int32 = 1
            setsockopt(socketDescriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(socketDescriptor, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 {
                descriptor = socketDescriptor
                return
            }
            reason = String(cString: strerror(errno))
            close(socketDescriptor)
        }
        throw fatal("cannot connect to \(endpoint): \(reason)")
    }

    private func send(_ bytes: [UInt8]) throws(ExchangeError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(descriptor, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EINTR { continue }
                throw ExchangeError(
                    failure: PrewarmError("cannot send to \(endpoint): \(String(cString: strerror(errno)))"),
                    isStaleConnection: true)
            }
            offset += sent
        }
    }

    /// Reads more bytes into `buffer`; false at the end of the stream.
    private func receive() throws(ExchangeError) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count == 0 { return false }
            if errno == EINTR { continue }
            let reason = errno == EAGAIN || errno == EWOULDBLOCK ? "timed out" : String(cString: strerror(errno))
            throw ExchangeError(
                failure: PrewarmError("reading from \(endpoint): \(reason)"),
                isStaleConnection: errno == ECONNRESET && buffer.isEmpty)
        }
    }

    private func readUntilHeadEnd() throws(ExchangeError) -> Int {
        let marker: [UInt8] = [13, 10, 13, 10]
        var searched = 0
        while true {
            if buffer.count >= 4 {
                for start in max(0, searched - 3)...(buffer.count - 4)
                where buffer[start] == 13 && Array(buffer[start..<(start + 4)]) == marker {
                    return start
                }
                searched = buffer.count
            }
            guard buffer.count < 64 * 1024 else { throw fatal("the response head is too long") }
            let wasEmpty = buffer.isEmpty
            guard try receive() else {
                throw ExchangeError(
                    failure: PrewarmError("\(endpoint) closed the connection without answering"),
                    isStaleConnection: wasEmpty)
            }
        }
    }

    private func readExactly(_ count: Int) throws(ExchangeError) -> [UInt8] {
        while buffer.count < count {
            guard try receive() else { throw fatal("\(endpoint) closed the connection mid-response") }
        }
        let body = Array(buffer[..<count])
        buffer.removeFirst(count)
        return body
    }

    private func readLine() throws(ExchangeError) -> String {
        while true {
            if let end = buffer.indices.dropLast().first(where: { buffer[$0] == 13 && buffer[$0 + 1] == 10 }) {
                let line = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeFirst(end + 2)
                return line
            }
            guard buffer.count < 16 * 1024 else { throw fatal("a chunk header is too long") }
            guard try receive() else { throw fatal("\(endpoint) closed the connection mid-response") }
        }
    }

    private func readChunked() throws(ExchangeError) -> [UInt8] {
        var body = [UInt8]()
        while true {
            let sizeText = try readLine().split(separator: ";").first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else { throw fatal("bad chunk size '\(sizeText)'") }
            if size == 0 {
                while try !readLine().isEmpty {}
                return body
            }
            body += try readExactly(size)
            guard try readLine().isEmpty else { throw fatal("a chunk does not end with CRLF") }
        }
    }

    private func readToEnd() throws(ExchangeError) -> [UInt8] {
        while try receive() {}
        defer { buffer.removeAll() }
        return buffer
    }

    private func fatal(_ message: String) -> ExchangeError {
        ExchangeError(failure: PrewarmError(message), isStaleConnection: false)
    }
}
