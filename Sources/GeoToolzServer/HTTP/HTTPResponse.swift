import GeoToolz
import NIOCore
import NIOHTTP1

/// A response before it is written: status, headers and an optional body.
public struct HTTPResponse: Sendable {
    public var status: HTTPResponseStatus
    public var headers: HTTPHeaders
    public var body: ByteBuffer?

    public init(status: HTTPResponseStatus, headers: HTTPHeaders = HTTPHeaders(), body: ByteBuffer? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON body; deterministic (canonical key order).
    public static func json(_ value: ConfigValue, status: HTTPResponseStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        return HTTPResponse(status: status, headers: headers, body: ByteBuffer(string: CanonicalJSON.string(value)))
    }

    /// `{"error": "...", "detail": "..."}` with `Cache-Control: no-store`: errors are never cached.
    /// Server errors also carry the request's id, under which the log holds the full cause;
    /// a refused query parameter is named in `parameter`.
    static func error(
        _ status: HTTPResponseStatus, _ error: String, detail: String, requestID: RequestID? = nil,
        parameter: String? = nil
    ) -> HTTPResponse {
        var body: [String: ConfigValue] = ["error": .string(error), "detail": .string(detail)]
        if let parameter { body["parameter"] = .string(parameter) }
        if let requestID { body["requestId"] = .string(requestID.text) }
        var response = json(.object(body), status: status)
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }

    /// An error the client may retry after `seconds`, said in `Retry-After` (503, 429).
    static func retryLater(
        _ status: HTTPResponseStatus, _ error: String, detail: String, after seconds: Int, requestID: RequestID? = nil
    ) -> HTTPResponse {
        var response = Self.error(status, error, detail: detail, requestID: requestID)
        response.headers.add(name: "Retry-After", value: String(seconds))
        return response
    }

    /// The 503 of a render the full render queue refused.
    static let renderQueueFull = retryLater(
        .serviceUnavailable, "render queue full", detail: "the server is busy rendering; retry shortly", after: 1)

    /// A text body.
    public static func text(_ text: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        return HTTPResponse(status: .ok, headers: headers, body: ByteBuffer(string: text))
    }
}

/// A response now, or one that a render will finish later.
public enum Reply: Sendable {
    case now(HTTPResponse)
    case later(EventLoopFuture<HTTPResponse>)
}

/// A request as the endpoints see it.
public struct RequestInfo: Sendable {
    public let route: Route
    public let head: HTTPRequestHead
    public let eventLoop: any EventLoop
    /// Names the request in its response and in the log.
    let id: RequestID
    /// The body of a POST, when one was sent.
    public let body: ByteBuffer?
    /// The client's IP address.
    public let client: String

    init(
        route: Route, head: HTTPRequestHead, eventLoop: any EventLoop, id: RequestID, body: ByteBuffer? = nil,
        client: String = "unknown"
    ) {
        self.route = route
        self.head = head
        self.eventLoop = eventLoop
        self.id = id
        self.body = body
        self.client = client
    }

    /// The value of a request header.
    public func header(_ name: String) -> String? { head.headers.first(name: name) }
}
