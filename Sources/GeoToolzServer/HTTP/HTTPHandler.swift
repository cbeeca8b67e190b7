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

    init(endpoints: Endpoints, configuration: ServerConfiguration) {
        self.endpoints = endpoints
        self.limits = configuration.limits
        self.corsOrigin = configuration.corsOrigin
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let requestHead): head = requestHead
        case .body: break  // Tile servers take no bodies; the bytes are discarded.
        case .end:
            guard let requestHead = head else { return }
            head = nil
            handle(requestHead, context: context)
        }
    }

    /// A protocol error (malformed or oversized request) has been answered with 400 by NIO's
    /// error handler; the connection cannot be trusted to continue.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func handle(_ head: HTTPRequestHead, context: ChannelHandlerContext) {
        let started = NIODeadline.now()
        let reply: Reply
        var routeName = "unknown"
        var layerName: String?
        if head.method != .GET && head.method != .HEAD {
            var response = HTTPResponse.error(
                .methodNotAllowed, "method not allowed",
                detail: "\(head.method.rawValue) is not served; use GET or HEAD")
            response.headers.add(name: "Allow", value: "GET, HEAD")
            reply = .now(response)
        } else if head.uri.utf8.count > limits.maxRequestTargetBytes {
            reply = .now(
                .error(
                    .uriTooLong, "request target too long",
                    detail: "at most \(limits.maxRequestTargetBytes) bytes are accepted"))
        } else {
            do {
                let route = try Route.parse(Substring(head.uri))
                routeName = route.metricName
                layerName = route.layerName
                reply = endpoints.reply(to: RequestInfo(route: route, head: head, eventLoop: context.eventLoop))
            } catch .malformed(let detail) {
                routeName = "malformed"
                reply = .now(.error(.badRequest, "malformed request", detail: detail))
            } catch {
                reply = .now(.error(.notFound, "not found", detail: "no route for this path"))
            }
        }
        let finish = { [endpoints] (response: HTTPResponse) in
            let seconds = Double((NIODeadline.now() - started).nanoseconds) / 1e9
            endpoints.metrics.request(
                route: routeName, status: Int(response.status.code), layer: layerName, seconds: seconds)
            endpoints.logger.debug(
                "\(head.method.rawValue) \(head.uri) \(response.status.code) \(String(format: "%.2f", seconds * 1000)) ms"
            )
        }
        switch reply {
        case .now(let response):
            write(response, for: head, context: context)
            finish(response)
        case .later(let future):
            future.assumeIsolated().whenComplete { result in
                // Endpoints recover their own failures; anything left is a bug, answered as 500.
                let response =
                    (try? result.get())
                    ?? .error(.internalServerError, "internal error", detail: "the request could not be answered")
                self.write(response, for: head, context: context)
                finish(response)
            }
        }
    }

    private func write(_ response: HTTPResponse, for request: HTTPRequestHead, context: ChannelHandlerContext) {
        var headers = response.headers
        if let corsOrigin { headers.add(name: "Access-Control-Allow-Origin", value: corsOrigin) }
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
        if !keepAlive {
            done.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
        }
    }
}

extension ChannelHandlerContext {
    fileprivate func writeAndFlushPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        writeAndFlush(data, promise: promise)
        return promise.futureResult
    }
}
