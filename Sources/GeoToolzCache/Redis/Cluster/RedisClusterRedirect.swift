/// A node's answer that another node serves a key: `MOVED slot host:port` when the slot has
/// moved for good, `ASK slot host:port` while it is being migrated and the key may already be
/// at the destination.
enum RedisClusterRedirect: Equatable {
    /// The slot now belongs to `node`: remember it and send this and later commands there.
    case moved(RedisHashSlot, to: RedisClusterNode)
    /// Ask `node` once, after `ASKING`; the slot still belongs to the node that answered.
    case ask(RedisHashSlot, to: RedisClusterNode)

    /// Reads an error reply's text; nil when it is no redirect. An empty host (`MOVED 12 :7001`)
    /// means the host of the node that answered, `answeredBy`.
    init?(errorReply message: String, answeredBy: RedisClusterNode) {
        let parts = message.split(separator: " ")
        guard parts.count == 3, let slotNumber = Int(parts[1]), (0..<RedisHashSlot.count).contains(slotNumber),
            let colon = parts[2].lastIndex(of: ":"), let port = Int(parts[2][parts[2].index(after: colon)...]),
            (1...65535).contains(port)
        else { return nil }
        var host = parts[2][..<colon]
        if host.hasPrefix("[") && host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        let node = RedisClusterNode(host: host.isEmpty ? answeredBy.host : String(host), port: port)
        switch parts[0] {
        case "MOVED": self = .moved(RedisHashSlot(slotNumber), to: node)
        case "ASK": self = .ask(RedisHashSlot(slotNumber), to: node)
        default: return nil
        }
    }
}
