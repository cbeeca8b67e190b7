import NIOCore

#if canImport(Glibc)
    import Glibc
#endif

/// Bounds how long a connection may hold the server without doing its part, so no client can
/// keep a connection (and a slot under the connection cap) forever:
///
/// - with no request under way, the connection closes after the idle timeout;
/// - from a request's first byte, the whole request (head and body) must arrive within the
///   request timeout: a slow head, or a body announced and never sent, is cut;
/// - output the client does not take is cut after the write timeout.
///
/// The clock stops while the server works on a request: a slow render is not the client's fault.
/// It sits first in the pipeline, where it sees raw bytes; the connection's HTTP handler, which
/// holds it, tells it directly when a request has arrived whole and when its response has been
/// written (a pipeline event would pass every handler and be cast at each, twice per request).
final class ConnectionTimeoutHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = IOData
    typealias OutboundOut = IOData

    private enum Phase {
        case idle
        case receiving
        case processing
    }

    private let idleTimeout: TimeAmount
    private let requestTimeout: TimeAmount
    private let writeTimeout: TimeAmount
    private var phase = Phase.idle
    /// Requests received whose responses are not yet written (more than one when pipelined).
    private var requestsInFlight = 0
    /// Bytes arrived while a request was being processed: the next (pipelined) request has begun.
    private var bytesWhileProcessing = false
    /// When the current phase's time runs out; nil while the server works on a request.
    private var deadline: NIODeadline?
    /// One timer per connection, checking `deadline`: phases change twice per request, and
    /// scheduling a task each time costs more than the request itself on a cached tile.
    private var phaseTimer: Scheduled<Void>?
    private var writeTimer: Scheduled<Void>?
    private var unfinishedWrites = 0

    init(idleTimeout: TimeAmount, requestTimeout: TimeAmount, writeTimeout: TimeAmount) {
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.writeTimeout = writeTimeout
    }

    /// Its own place in the pipeline, for the HTTP handler's reports.
    private var context: ChannelHandlerContext?

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { enter(.idle, context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        enter(.idle, context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        cancelTimers()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancelTimers()
        self.context = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch phase {
        case .idle: enter(.receiving, context)
        case .receiving: break
        case .processing: bytesWhileProcessing = true
        }
        context.fireChannelRead(data)
    }

    /// A request has arrived whole; the server is working on it.
    func requestReceived() {
        guard let context else { return }
        requestsInFlight += 1
        bytesWhileProcessing = false
        enter(.processing, context)
    }

    /// A response has been handed to the kernel; the connection may take the next request.
    func responseWritten() {
        guard let context else { return }
        requestsInFlight -= 1
        if requestsInFlight <= 0 {
            requestsInFlight = 0
            enter(bytesWhileProcessing ? .receiving : .idle, context)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // Writes complete in order, so watching the ones that carry a promise (every response's
        // last part does) tells when everything before them went out, without allocating a
        // promise per part.
        guard let promise else {
            context.write(data, promise: nil)
            return
        }
        unfinishedWrites += 1
        promise.futureResult.assumeIsolated().whenComplete { _ in
            self.unfinishedWrites -= 1
            // The client took some output: its clock restarts for the rest.
            self.cancelWriteTimer()
            if self.unfinishedWrites > 0 { self.armWriteTimer(context) }
        }
        context.write(data, promise: promise)
    }

    func flush(context: ChannelHandlerContext) {
        context.flush()
        // Whatever the kernel did not take now waits on the client reading.
        if unfinishedWrites > 0 && writeTimer == nil { armWriteTimer(context) }
    }

    private func armWriteTimer(_ context: ChannelHandlerContext) {
        writeTimer = context.eventLoop.assumeIsolated().scheduleTask(in: writeTimeout) {
            // Reset, not a graceful close: a FIN would wait behind the output the client is not
            // reading, and the kernel would keep that output for minutes.
            guard let socket = context.channel as? any SocketOptionProvider else {
                context.close(promise: nil)
                return
            }
            socket.setSoLinger(linger(l_onoff: 1, l_linger: 0)).assumeIsolated().whenComplete { _ in
                context.close(promise: nil)
            }
        }
    }

    private func enter(_ next: Phase, _ context: ChannelHandlerContext) {
        phase = next
        switch next {
        case .idle: deadline = .now() + idleTimeout
        case .receiving: deadline = .now() + requestTimeout
        case .processing: deadline = nil
        }
        if deadline != nil && phaseTimer == nil { armPhaseTimer(context) }
    }

    /// Fires at most the shorter timeout from now: no later deadline a phase sets can come
    /// before it, so a running timer never has to be moved earlier.
    private func armPhaseTimer(_ context: ChannelHandlerContext) {
        let horizon = NIODeadline.now() + min(idleTimeout, requestTimeout)
        phaseTimer = context.eventLoop.assumeIsolated().scheduleTask(deadline: min(deadline ?? horizon, horizon)) {
            self.phaseTimer = nil
            guard let deadline = self.deadline else { return }
            if deadline <= .now() {
                context.close(promise: nil)
            } else {
                self.armPhaseTimer(context)
            }
        }
    }

    private func cancelWriteTimer() {
        writeTimer?.cancel()
        writeTimer = nil
    }

    private func cancelTimers() {
        phaseTimer?.cancel()
        phaseTimer = nil
        cancelWriteTimer()
    }
}
