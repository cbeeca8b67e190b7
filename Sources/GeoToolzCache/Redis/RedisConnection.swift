import CHiredis
import GeoToolz
import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One blocking connection to Redis through hiredis, with socket timeouts on connect and on
/// every command.
///
/// Not thread-safe (hiredis contexts are not): use it from one thread at a time. After any
/// error but an error reply (`RedisError.breaksConnection`) the connection is broken for good —
/// a late reply could otherwise be read as the answer to the next command — and every further
/// command throws; make a new one.
public final class RedisConnection {
    public let url: RedisURL
    private let context: UnsafeMutablePointer<redisContext>
    private let allocator = ByteBufferAllocator()
    /// `errno` right after the last hiredis call that failed, before anything else can change it.
    private var lastErrno: Int32 = 0
    /// The error that broke the connection, if one did.
    public private(set) var failure: RedisError?

    /// Connects, sets the command timeout, and logs in and selects the database when the URL
    /// says so.
    public init(url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) {
        _ = Self.ignoreBrokenPipes
        self.url = url
        let connectLimit = Self.timeLimit(connectTimeout)
        let made: UnsafeMutablePointer<redisContext>?
        switch url.endpoint {
        case .tcp(let host, let port): made = redisConnectWithTimeout(host, Int32(port), connectLimit)
        case .unix(let path): made = redisConnectUnixWithTimeout(path, connectLimit)
        case .cluster: throw .connection("\(url) names a cluster, not one server: open it with RedisClient")
        }
        guard let made else { throw .connection("hiredis could not allocate a context") }
        if let error = Self.error(of: made, errno: errno, connecting: true) {
            redisFree(made)
            throw error
        }
        // From here on, a thrown error runs deinit, which frees the context.
        context = made
        guard redisSetTimeout(made, Self.timeLimit(commandTimeout)) == REDIS_OK else {
            throw Self.error(of: made, errno: errno, connecting: true) ?? .connection("cannot set the timeout")
        }
        do throws(RedisError) {
            if let password = url.password {
                let login = url.username.map { ["AUTH", $0, password] } ?? ["AUTH", password]
                try expectOK(try run(login), what: "AUTH")
            }
            if url.database != 0 {
                try expectOK(try run(["SELECT", String(url.database)]), what: "SELECT")
            }
        } catch {
            // A refused login is a connection failure to the caller: nothing can be cached.
            throw error.breaksConnection ? error : .connection(error.description)
        }
    }

    deinit {
        redisFree(context)
    }

    /// Runs a command of one word and one key (GET, EXISTS, TTL, STRLEN…) without copying the key.
    public func run(_ command: StaticString, key: String) throws(RedisError) -> RedisReply {
        var key = key
        let raw = key.withUTF8 { keyBytes in
            withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: 2) { argv in
                withUnsafeTemporaryAllocation(of: Int.self, capacity: 2) { lengths in
                    argv[0] = Self.pointer(command)
                    lengths[0] = command.utf8CodeUnitCount
                    argv[1] = Self.pointer(keyBytes)
                    lengths[1] = keyBytes.count
                    return issue(count: 2, argv.baseAddress!, lengths.baseAddress!)
                }
            }
        }
        return try reply(raw)
    }

    /// `SET key value [EX seconds]`, sending `value`'s bytes as they are.
    public func set(_ key: String, value: ByteBuffer, expireSeconds: Int?) throws(RedisError) -> RedisReply {
        var key = key
        var seconds = expireSeconds.map { String($0) } ?? ""
        let count = expireSeconds == nil ? 3 : 5
        let raw = key.withUTF8 { keyBytes in
            seconds.withUTF8 { secondsBytes in
                value.withUnsafeReadableBytes { valueBytes in
                    withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: 5) { argv in
                        withUnsafeTemporaryAllocation(of: Int.self, capacity: 5) { lengths in
                            argv[0] = Self.pointer("SET")
                            lengths[0] = 3
                            argv[1] = Self.pointer(keyBytes)
                            lengths[1] = keyBytes.count
                            argv[2] = Self.pointer(UnsafeRawBufferPointer(valueBytes))
                            lengths[2] = valueBytes.count
                            argv[3] = Self.pointer("EX")
                            lengths[3] = 2
                            argv[4] = Self.pointer(UnsafeRawBufferPointer(secondsBytes))
                            lengths[4] = secondsBytes.count
                            return issue(count: count, argv.baseAddress!, lengths.baseAddress!)
                        }
                    }
                }
            }
        }
        return try reply(raw)
    }

    /// Runs a command given as text arguments.
    public func run(_ arguments: [String]) throws(RedisError) -> RedisReply {
        try run(arguments.map { Array($0.utf8) })
    }

    /// Runs a command given as binary-safe arguments.
    public func run(_ arguments: [[UInt8]]) throws(RedisError) -> RedisReply {
        try checkUsable()
        let raw = Self.withArgumentVector(arguments) { argv, lengths in
            issue(count: arguments.count, argv, lengths)
        }
        return try reply(raw)
    }

    /// Sends all `commands` at once, then reads their replies: one round trip instead of one each.
    public func pipeline(_ commands: [[[UInt8]]]) throws(RedisError) -> [RedisReply] {
        try checkUsable()
        for command in commands {
            let status = Self.withArgumentVector(command) { argv, lengths in
                redisAppendCommandArgv(context, Int32(command.count), argv, lengths)
            }
            guard status == REDIS_OK else {
                lastErrno = errno
                throw breakConnection()
            }
        }
        var replies: [RedisReply] = []
        replies.reserveCapacity(commands.count)
        for _ in commands {
            var raw: UnsafeMutableRawPointer?
            guard redisGetReply(context, &raw) == REDIS_OK, let raw else {
                lastErrno = errno
                throw breakConnection()
            }
            let reply = raw.assumingMemoryBound(to: redisReply.self)
            replies.append(RedisReply(reply, allocator: allocator))
            freeReplyObject(raw)
        }
        return replies
    }

    private func issue(
        count: Int, _ argv: UnsafeMutablePointer<UnsafePointer<CChar>?>, _ lengths: UnsafePointer<Int>
    ) -> UnsafeMutableRawPointer? {
        guard failure == nil else { return nil }
        let raw = redisCommandArgv(context, Int32(count), argv, lengths)
        if raw == nil { lastErrno = errno }
        return raw
    }

    /// Converts and frees a reply from `redisCommandArgv`; nil means the context failed.
    private func reply(_ raw: UnsafeMutableRawPointer?) throws(RedisError) -> RedisReply {
        try checkUsable()
        guard let raw else { throw breakConnection() }
        defer { freeReplyObject(raw) }
        return RedisReply(raw.assumingMemoryBound(to: redisReply.self), allocator: allocator)
    }

    private func checkUsable() throws(RedisError) {
        if let failure { throw failure }
    }

    private func breakConnection() -> RedisError {
        let error =
            Self.error(of: context, errno: lastErrno, connecting: false)
            ?? .protocolViolation("hiredis returned no reply and no error")
        failure = error
        return error
    }

    private func expectOK(_ reply: RedisReply, what: String) throws(RedisError) {
        switch reply {
        case .status: return
        case .error(let message): throw .reply("\(what): \(message)")
        default: throw .protocolViolation("\(what): unexpected reply \(reply)")
        }
    }

    /// The context's error, classified; nil when it has none.
    private static func error(
        of context: UnsafeMutablePointer<redisContext>, errno code: Int32, connecting: Bool
    ) -> RedisError? {
        let kind = context.pointee.err
        guard kind != 0 else { return nil }
        let message = withUnsafeBytes(of: context.pointee.errstr) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        switch kind {
        case REDIS_ERR_IO:
            // A socket timeout surfaces as EAGAIN on read/write, ETIMEDOUT or EINPROGRESS on connect.
            if code == EAGAIN || code == EWOULDBLOCK || code == ETIMEDOUT || (connecting && code == EINPROGRESS) {
                return .timeout(message)
            }
            return .connection(message)
        case REDIS_ERR_EOF: return .connection(message)
        case REDIS_ERR_PROTOCOL: return .protocolViolation(message)
        default: return connecting ? .connection(message) : .protocolViolation(message)
        }
    }

    /// Lays `arguments` out contiguously and passes hiredis pointers into that storage.
    private static func withArgumentVector<Result>(
        _ arguments: [[UInt8]],
        _ body: (UnsafeMutablePointer<UnsafePointer<CChar>?>, UnsafePointer<Int>) -> Result
    ) -> Result {
        var storage: [UInt8] = []
        storage.reserveCapacity(arguments.reduce(0) { $0 + $1.count } + 1)
        var lengths: [Int] = []
        lengths.reserveCapacity(arguments.count)
        for argument in arguments {
            storage.append(contentsOf: argument)
            lengths.append(argument.count)
        }
        storage.append(0)
        return storage.withUnsafeBytes { base in
            var argv: [UnsafePointer<CChar>?] = []
            argv.reserveCapacity(arguments.count)
            var offset = 0
            for length in lengths {
                argv.append((base.baseAddress! + offset).assumingMemoryBound(to: CChar.self))
                offset += length
            }
            return argv.withUnsafeMutableBufferPointer { argvBuffer in
                lengths.withUnsafeBufferPointer { lengthBuffer in
                    body(argvBuffer.baseAddress!, lengthBuffer.baseAddress!)
                }
            }
        }
    }

    private static func pointer(_ text: StaticString) -> UnsafePointer<CChar> {
        UnsafeRawPointer(text.utf8Start).assumingMemoryBound(to: CChar.self)
    }

    private static func pointer(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafePointer<CChar> {
        pointer(UnsafeRawBufferPointer(bytes))
    }

    private static func pointer(_ bytes: UnsafeRawBufferPointer) -> UnsafePointer<CChar> {
        // hiredis reads `length` bytes; an empty argument still needs a valid address.
        guard let base = bytes.baseAddress else { return pointer("") }
        return base.assumingMemoryBound(to: CChar.self)
    }

    private static func timeLimit(_ duration: Duration) -> timeval {
        // A zero timeout means "block forever" to hiredis and the kernel: keep at least 1 µs.
        let microseconds = max(duration.microseconds, 1)
        return timeval(tv_sec: numericCast(microseconds / 1_000_000), tv_usec: numericCast(microseconds % 1_000_000))
    }

    /// hiredis writes with `write(2)`, which raises SIGPIPE on a socket the peer closed and would
    /// kill the process; ignoring it turns that into an EPIPE error instead.
    private static let ignoreBrokenPipes: Void = {
        _ = signal(SIGPIPE, SIG_IGN)
    }()
}
