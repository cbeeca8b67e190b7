/// Which master serves each of a cluster's 16384 hash slots, as `CLUSTER SLOTS` tells it.
struct RedisSlotMap: Sendable {
    /// The master of each slot, an index into `nodes`; -1 where no master serves the slot.
    private var owners: [Int32]
    /// Every node the map has named, in the order first named.
    private var nodes: [RedisClusterNode] = []

    /// A map of slot ranges read from a `CLUSTER SLOTS` reply that `node` gave: an array of
    /// `[first, last, [host, port, id…] of the master, replicas…]`.
    init(clusterSlots reply: RedisReply, answeredBy node: RedisClusterNode) throws(RedisError) {
        owners = Array(repeating: -1, count: RedisHashSlot.count)
        guard case .array(let ranges) = reply else {
            if case .error(let message) = reply { throw .reply("CLUSTER SLOTS: \(message)") }
            throw .protocolViolation("CLUSTER SLOTS answered \(reply)")
        }
        for range in ranges {
            guard case .array(let fields) = range, fields.count >= 3, case .integer(let first) = fields[0],
                case .integer(let last) = fields[1], 0 <= first, first <= last, last < RedisHashSlot.count,
                case .array(let master) = fields[2], master.count >= 2, let host = master[0].text,
                case .integer(let port) = master[1], (1...65535).contains(port)
            else { throw .protocolViolation("CLUSTER SLOTS answered a range it cannot read: \(range)") }
            // "" stands for the host the reply came from; "?" for a node whose address is unknown.
            guard host != "?" else { continue }
            let owner = index(of: RedisClusterNode(host: host.isEmpty ? node.host : host, port: Int(port)))
            for slot in Int(first)...Int(last) { owners[slot] = owner }
        }
    }

    /// The master serving `slot`, nil when none does.
    func master(of slot: RedisHashSlot) -> RedisClusterNode? {
        let owner = owners[slot.value]
        return owner < 0 ? nil : nodes[Int(owner)]
    }

    /// Records that `node` now serves `slot`, as a `MOVED` reply says.
    mutating func assign(_ slot: RedisHashSlot, to node: RedisClusterNode) {
        owners[slot.value] = index(of: node)
    }

    /// The nodes serving at least one slot, each once.
    var masters: [RedisClusterNode] {
        var serving = Array(repeating: false, count: nodes.count)
        for owner in owners where owner >= 0 { serving[Int(owner)] = true }
        return nodes.indices.filter { serving[$0] }.map { nodes[$0] }
    }

    private mutating func index(of node: RedisClusterNode) -> Int32 {
        if let known = nodes.firstIndex(of: node) { return Int32(known) }
        nodes.append(node)
        return Int32(nodes.count - 1)
    }

    /// Asks `candidates` in turn for `CLUSTER SLOTS` until one answers with a map; the error of
    /// the last one otherwise. `connection` gives a connection to a node, or throws.
    static func load(
        asking candidates: [RedisClusterNode],
        connection: (RedisClusterNode) throws(RedisError) -> RedisConnection
    ) throws(RedisError) -> RedisSlotMap {
        var lastError = RedisError.connection("no cluster node to ask for the slot map")
        for node in candidates {
            do throws(RedisError) {
                let map = try RedisSlotMap(
                    clusterSlots: try connection(node).run(["CLUSTER", "SLOTS"]), answeredBy: node)
                // A node that knows no slots (a fresh one, or one cut off) is no source of a map.
                guard !map.masters.isEmpty else { throw .reply("\(node) knows no slot's master") }
                return map
            } catch {
                lastError = error
            }
        }
        throw lastError
    }
}
