import GeoToolzCache
import NIOCore
import NIOPosix

/// A TCP peer that is not a working Redis: one that accepts and never answers, or one that
/// answers every request with bytes that are not the Redis protocol.
final class FakeRedisPeer {
    enum Behaviour {
        case silent
        case garbage
    }

    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let channel: any Channel
    let port: Int

    init(_ behaviour: Behaviour) throws {
        channel = try ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FakeRedisHandler(behaviour: behaviour))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        port = channel.localAddress!.port!
    }

    var url: RedisURL { RedisURL(endpoint: .tcp(host: "127.0.0.1", port: port)) }

    func stop() throws {
        try channel.close().wait()
        try group.syncShutdownGracefully()
    }
}

private final class FakeRedisHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer
    let behaviour: FakeRedisPeer.Behaviour

    init(behaviour: FakeRedisPeer.Behaviour) {
        self.behaviour = behaviour
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard behaviour == .garbage else { return }
        var junk = context.channel.allocator.buffer(capacity: 64)
        junk.writeBytes([0x00, 0xFF, 0x13, 0x37])
        junk.writeString("HTTP/1.1 400 Bad Request\r\n\r\n")
        context.writeAndFlush(wrapOutboundOut(junk), promise: nil)
    }
}

/// A tile key in `layer`.
func tileKey(_ layer: String = "dem", z: Int = 3, x: Int = 1, y: Int = 2) -> TileKey {
    TileKey(layer: layer, configHash: "c0ffee", dataIdentity: "d1", tile: TileAddress(z: z, x: x, y: y))
}

/// A tile of `size` pseudo-random bytes starting with the PNG signature, with warnings.
func sampleTile(size: Int = 4096, seed: UInt8 = 7, warnings: [String] = ["nodata at edge", "clipped: 3 px ≥ max"])
    -> CachedTile
{
    var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
    var state = UInt32(seed) &+ 1
    while bytes.count < size {
        state = state &* 1_664_525 &+ 1_013_904_223
        bytes.append(UInt8(truncatingIfNeeded: state >> 24))
    }
    return CachedTile(bytes: ByteBuffer(bytes: bytes), warnings: warnings)
}
