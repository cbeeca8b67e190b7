import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// Turns each request into a reply and writes it: routing, methods, limits, CORS, keep-alive.
///
/// It never blocks: a reply that needs a render arrives later as a future, completed on this
/// channel's event loop. NIO's pipelining handler in front of it hands it one request at a time,
/// so pipelined responses go out in order.
final class HTTPHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let endpoints: Endpoints
    private let limits: HTTPLimits
    private let corsOrigin: String?
    private var head: HTTPRequestHead?
    /// The body of a POST being read, up to `maxBodyBytes`.
    private var body: ByteBuffer?
    /// Set when a POST body passed `maxBodyBytes`: the rest is discarded and the request refused.
    private var bodyTooLarge = false
    private let maxBodyBytes: Int
    /// Non-zero while a response is being written. NIO's pipelining handler hands over the next
    /// pipelined request from inside that write; answering it there too would nest one write in
    /// another for every request a client pipelines, until the stack overflows.
    private var writing = 0

    /// The connection's timeouts, told when a request arrives and when its response is out.
    private let timeouts: ConnectionTimeoutHandler

    init(endpoints: Endpoints, configuration: ServerConfiguration, timeouts: ConnectionTimeoutHandler) {
        self.endpoints = endpoints
        self.timeouts = timeouts
        self.limits = configuration.limits
        self.corsOrigin = configuration.corsOrigin
        self.maxBodyBytes = configuration.pipelines.maxBodyBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead):
            head = requestHead
            body = nil
            let announced = requestHead.headers.first(name: "Content-Length").flatMap { Int($0) } ?? 0
            bodyTooLarge = requestHead.method == .POST && announced > maxBodyBytes
            // A client asking first (curl does for larger bodies) is told to send an acceptable body
            // at once; one that is too large is answered 413 without waiting for it.
            if requestHead.method == .POST, !bodyTooLarge,
                requestHead.headers["Expect"].contains(where: { $0.lowercased() == "100-continue" })
            {
                let interim = HTTPResponseHead(version: requestHead.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(interim)), promise: nil)
            }
        case .body(var part):
            // Only POST routes read bodies; anything else is discarded as it arrives.
            guard head?.method == .POST, !bodyTooLarge else { return }
            if (body?.readableBytes ?? 0) + part.readableBytes > maxBodyBytes {
                bodyTooLarge = true
                body = nil
            } else if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
        case .end:
            guard let requestHead = head else { return }
            let received = Received(head: requestHead, body: body, bodyTooLarge: bodyTooLarge)
            head = nil
            body = nil
            bodyTooLarge = false
            timeouts.requestReceived()
            if writing > 0 {
                context.eventLoop.assumeIsolated().execute { self.handle(received, context: context) }
            } else {
                handle(received, context: context)
            }
        }
    }

    /// A protocol error (malformed or oversized request) has been answered with 400 by NIO's
    /// error handler; the connection cannot be trusted to continue.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    /// A whole request as read.
    private struct Received {
        let head: HTTPRequestHead
        let body: ByteBuffer?
        let bodyTooLarge: Bool
    }

    private func handle(_ received: Received, context: ChannelHandlerContext) {
        let head = received.head
        let started = NIODeadline.now()
        let requestID = RequestID.of(head)
        let reply: Reply
        var routeName = "unknown"
        var layerName: String?
        // A target over the limit is refused (414) without being parsed.
        let tooLong = head.uri.utf8.count > limits.maxRequestTargetBytes
        let parsed =
            tooLong
            ? .failure(.notFound)
            : Result { () throws(RouteError) -> Route in try Route.parse(Substring(head.uri)) }
        let route = try? parsed.get()
        if head.method == .OPTIONS {
            routeName = "preflight"
            reply = .now(
                CORSPolicy.preflight(
                    head, origin: corsOrigin, methods: route?.allowedMethods ?? CORSPolicy.allowedMethods))
        } else if tooLong {
            reply = .now(
                .error(
                    .uriTooLong, "request target too long",
                    detail: "at most \(limits.maxRequestTargetBytes) bytes are accepted"))
        } else if let route {
            routeName = route.metricName
            layerName = route.layerName
            if !route.accepts(head.method) {
                var response = HTTPResponse.error(
                    .methodNotAllowed, "method not allowed",
                    detail: "\(head.method.rawValue) is not served here; use \(route.allowedMethods)")
                response.headers.add(name: "Allow", value: route.allowedMethods)
                reply = .now(response)
            } else if received.bodyTooLarge {
                reply = .now(
                    .error(
                        .payloadTooLarge, "request body too large",
                        detail: "at most \(maxBodyBytes) bytes are accepted"))
            } else {
                reply = endpoints.reply(
                    to: RequestInfo(
                        route: route, head: head, eventLoop: context.eventLoop, id: requestID, body: received.body,
                        client: Self.clientAddress(context)))
            }
        } else if head.method != .GET && head.method != .HEAD {
            var response = HTTPResponse.error(
                .methodNotAllowed, "method not allowed",
                detail: "\(head.method.rawValue) is not served; use GET or HEAD")
            response.headers.add(name: "Allow", value: CORSPolicy.allowedMethods)
            reply = .now(response)
        } else if case .failure(.malformed(let detail)) = parsed {
            routeName = "malformed"
            reply = .now(.error(.badRequest, "malformed request", detail: detail))
        } else {
            reply = .now(.error(.notFound, "not found", detail: "no route for this path"))
        }
        let finish = { [endpoints] (response: HTTPResponse) in
            let seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
            endpoints.recordRequest(
                route: routeName, status: Int(response.status.code), layer: layerName, seconds: seconds)
            endpoints.logger.debug(
                "\(head.method.rawValue) \(Endpoints.headerSafe(head.uri)) \(response.status.code) \(String(format: "%.2f", seconds * 1000)) ms",
                metadata: ["request": "\(requestID)"])
        }
        switch reply {
        case .now(let response):
            write(response, for: head, id: requestID, context: context)
            finish(response)
        case .later(let future):
            future.assumeIsolated().whenComplete { result in
                // Endpoints recover their own failures; anything left is a bug, answered as 500.
                let response =
                    (try? result.get())
                    ?? .error(
                        .internalServerError, "internal error", detail: "the request could not be answered",
                        requestID: requestID)
                self.write(response, for: head, id: requestID, context: context)
                finish(response)
            }
        }
    }

    private func write(
        _ response: HTTPResponse, for request: HTTPRequestHead, id: RequestID, context: ChannelHandlerContext
    ) {
        writing += 1
        defer { writing -= 1 }
        var headers = response.headers
        headers.add(name: "X-Request-Id", value: id.text)
        if let corsOrigin {
            headers.add(name: "Access-Control-Allow-Origin", value: corsOrigin)
            headers.add(name: "Access-Control-Expose-Headers", value: CORSPolicy.exposedHeaders)
        }
        let hasBody = response.status != .noContent && response.status != .notModified
        if hasBody { headers.add(name: "Content-Length", value: String(response.body?.readableBytes ?? 0)) }
        let keepAlive = request.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let responseHead = HTTPResponseHead(version: request.version, status: response.status, headers: headers)
        context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
        if hasBody, request.method != .HEAD, let body = response.body, body.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(body))), promise: nil)
        }
        let done = context.writeAndFlushPromise(wrapOutboundOut(.end(nil)))
        done.assumeIsolated().whenComplete { _ in
            if keepAlive {
                self.timeouts.responseWritten()
            } else {
                context.close(promise: nil)
            }
        }
    }
}

extension HTTPHandler {
    /// The peer's IP address, which rate limits and quotas are kept by (forwarding headers are
    /// the client's to forge, so they are not trusted for this).
    fileprivate static func clientAddress(_ context: ChannelHandlerContext) -> String {
        context.channel.remoteAddress?.ipAddress ?? "unknown"
    }
}

extension ChannelHandlerContext {
    fileprivate func writeAndFlushPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        writeAndFlush(data, promise: promise)
        return promise.futureResult
    }
}
