import Atomics
import NIOCore

/// Counts open connections across the server and closes new ones past the limit.
final class ConnectionLimitHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny

    private let open: ManagedAtomic<Int>
    private let limit: Int
    private var counted = false

    init(open: ManagedAtomic<Int>, limit: Int) {
        self.open = open
        self.limit = limit
    }

    func channelActive(context: ChannelHandlerContext) {
        let now = open.wrappingIncrementThenLoad(ordering: .relaxed)
        counted = true
        guard now <= limit else {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        if counted {
            open.wrappingDecrement(ordering: .relaxed)
            counted = false
        }
        context.fireChannelInactive()
    }
}
