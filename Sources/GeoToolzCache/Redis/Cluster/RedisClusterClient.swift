import NIOCore

/// A client of a Redis Cluster: each command goes to the master serving its key's hash slot,
/// over one `RedisConnection` per node, opened when first needed with the same timeouts.
///
/// The slot map comes from `CLUSTER SLOTS`, asked of the URL's nodes in turn until one answers.
/// A `MOVED` reply updates that slot and sends the command again to the node named; the whole
/// map is read again before the next command, since a move seldom comes alone. An `ASK` reply
/// (a slot being migrated) sends `ASKING` and the command to the node named, once, leaving the
/// map as it is. After `maximumRedirects` redirects the command fails. A node that cannot be
/// reached fails the command with the connection's error, drops that node's connection and has
/// the map read again before the next command (a replica may have taken over).
///
/// Not thread-safe, like `RedisConnection`: use it from one thread at a time. Unlike a
/// connection it stays usable after an error; callers may still drop it.
public final class RedisClusterClient {
    /// Redirects followed for one command before it fails.
    public static let maximumRedirects = 5

    public let url: RedisURL
    private let seeds: [RedisClusterNode]
    private let connectTimeout: Duration
    private let commandTimeout: Duration
    private var slots: RedisSlotMap
    private var connections: [RedisClusterNode: RedisConnection] = [:]
    /// Whether the map must be read again before the next command.
    private var mapIsStale = false

    /// Reads the slot map from the first of `url`'s nodes that answers.
    public init(url: RedisURL, connectTimeout: Duration, commandTimeout: Duration) throws(RedisError) {
        guard case .cluster(let seeds) = url.endpoint else {
            throw .connection("\(url) is not a redis+cluster:// URL")
        }
        self.url = url
        self.seeds = seeds
        self.connectTimeout = connectTimeout
        self.commandTimeout = commandTimeout
        // The node that gave the map keeps its connection: it is likely a master, needed soon.
        var opened: [RedisClusterNode: RedisConnection] = [:]
        slots = try RedisSlotMap.load(asking: seeds) { node throws(RedisError) in
            let made = try RedisConnection(
                url: node.url(in: url), connectTimeout: connectTimeout, commandTimeout: commandTimeout)
            opened[node] = made
            return made
        }
        connections = opened
    }

    /// The masters of the slot map as it stands, each once.
    public var masters: [RedisClusterNode] { slots.masters }

    /// The master the map holds for `slot`; nil when none serves it.
    public func master(of slot: RedisHashSlot) -> RedisClusterNode? {
        slots.master(of: slot)
    }

    /// Runs a command of one word and one key (GET, EXISTS…) on the master of the key's slot.
    public func run(_ command: StaticString, key: String) throws(RedisError) -> RedisReply {
        try send(RedisHashSlot(key: key)) { connection throws(RedisError) in try connection.run(command, key: key) }
    }

    /// Runs `arguments` (a command naming `key` among them) on the master of `key`'s slot.
    public func run(_ arguments: [String], routedBy key: String) throws(RedisError) -> RedisReply {
        try send(RedisHashSlot(key: key)) { connection throws(RedisError) in try connection.run(arguments) }
    }

    /// `SET key value [EX seconds]` on the master of the key's slot.
    public func set(_ key: String, value: ByteBuffer, expireSeconds: Int?) throws(RedisError) -> RedisReply {
        try send(RedisHashSlot(key: key)) { connection throws(RedisError) in
            try connection.set(key, value: value, expireSeconds: expireSeconds)
        }
    }

    /// Runs `command` (without a key) on `node`.
    public func run(_ command: [String], on node: RedisClusterNode) throws(RedisError) -> RedisReply {
        do throws(RedisError) {
            return try connection(to: node).run(command)
        } catch {
            lost(node, error)
            throw error
        }
    }

    /// Sends a command to the master of `slot`, following redirects.
    private func send(
        _ slot: RedisHashSlot, _ command: (RedisConnection) throws(RedisError) -> RedisReply
    ) throws(RedisError) -> RedisReply {
        if mapIsStale { try refresh() }
        guard var node = slots.master(of: slot) else {
            mapIsStale = true
            throw .connection("no master serves hash slot \(slot)")
        }
        var asking = false
        for _ in 0...Self.maximumRedirects {
            let reply: RedisReply
            do throws(RedisError) {
                let connection = try connection(to: node)
                if asking {
                    let answer = try connection.run(["ASKING"])
                    guard case .status = answer else { throw .protocolViolation("ASKING answered \(answer)") }
                }
                reply = try command(connection)
            } catch {
                lost(node, error)
                throw error
            }
            guard case .error(let message) = reply,
                let redirect = RedisClusterRedirect(errorReply: message, answeredBy: node)
            else { return reply }
            switch redirect {
            case .moved(let movedSlot, let target):
                slots.assign(movedSlot, to: target)
                mapIsStale = true
                node = target
                asking = false
            case .ask(_, let target):
                node = target
                asking = true
            }
        }
        throw .reply("hash slot \(slot): more than \(Self.maximumRedirects) redirects")
    }

    /// Reads the slot map again, asking the known masters first, then the URL's nodes.
    private func refresh() throws(RedisError) {
        let known = slots.masters
        let candidates = known + seeds.filter { !known.contains($0) }
        slots = try RedisSlotMap.load(asking: candidates) { node throws(RedisError) in try connection(to: node) }
        mapIsStale = false
        // Connections to nodes that serve no slot any more (a failed-over master) are closed.
        let masters = Set(slots.masters)
        connections = connections.filter { masters.contains($0.key) }
    }

    /// This client's connection to `node`, opened if there is none or the last one broke.
    private func connection(to node: RedisClusterNode) throws(RedisError) -> RedisConnection {
        if let open = connections[node], open.failure == nil { return open }
        connections[node] = nil
        let made = try RedisConnection(
            url: node.url(in: url), connectTimeout: connectTimeout, commandTimeout: commandTimeout)
        connections[node] = made
        return made
    }

    /// After `error` on `node`'s connection: a broken connection is dropped, and the map is read
    /// again before the next command.
    private func lost(_ node: RedisClusterNode, _ error: RedisError) {
        guard error.breaksConnection else { return }
        connections[node] = nil
        mapIsStale = true
    }
}
