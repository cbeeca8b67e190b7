import Foundation
import GeoToolzCache

/// A real Redis Cluster on loopback ports, without persistence, owned by one test: `masters`
/// masters with `replicasPerMaster` replicas each, made by `redis-cli --cluster create`.
///
/// A short `cluster-node-timeout` makes a killed master fail over in a second or two.
public final class RedisClusterProcess {
    /// Every node, masters and replicas; which is which is up to `redis-cli` and failovers.
    public let nodes: [RedisServerProcess]
    private let masterCount: Int
    private let replicasPerMaster: Int
    private let directory: URL

    public init(masters: Int = 3, replicasPerMaster: Int = 0, nodeTimeoutMilliseconds: Int = 1000) {
        masterCount = masters
        self.replicasPerMaster = replicasPerMaster
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("geotoolz-test-cluster-\(UUID().uuidString)")
        let directory = directory
        nodes = (0..<masters * (1 + replicasPerMaster)).map { _ in
            let port = Self.nodePort()
            return RedisServerProcess(
                port: port,
                extraArguments: [
                    "--cluster-enabled", "yes",
                    "--cluster-config-file", directory.appendingPathComponent("nodes-\(port).conf").path,
                    "--cluster-node-timeout", String(nodeTimeoutMilliseconds),
                    "--dir", directory.path,
                ])
        }
    }

    /// Every node as a seed of a `redis+cluster://` URL.
    public var url: RedisURL {
        RedisURL(endpoint: .cluster(seeds: nodes.map { RedisClusterNode(host: "127.0.0.1", port: $0.port) }))
    }

    /// Starts the nodes, joins them into a cluster and waits until every node says it is whole.
    public func start() throws {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for node in nodes { try node.start() }
        let created = try runToCompletion(
            // SIGKILL: the test process blocks SIGTERM in its children, so the default would not stop it.
            "/usr/bin/timeout",
            ["--signal=KILL", "60", Self.cli, "--cluster", "create"] + nodes.map { "127.0.0.1:\($0.port)" } + [
                "--cluster-replicas", String(replicasPerMaster), "--cluster-yes",
            ])
        guard created.status == 0 else {
            throw RedisTestError.notReady(
                "redis-cli --cluster create: \(created.standardOutput)\(created.standardError)")
        }
        guard waitUntilWhole(timeout: 30) else { throw RedisTestError.notReady("the cluster did not become whole") }
    }

    /// Waits until every running node says `cluster_state:ok`, they agree on each slot's master,
    /// that master count holds, and every replica is in step with its master.
    public func waitUntilWhole(timeout: TimeInterval = 30) -> Bool {
        eventually(timeout: timeout) { (try? isWhole()) ?? false }
    }

    /// The running node that serves `slot` as a master, as the running nodes agree.
    public func master(of slot: RedisHashSlot) throws -> RedisServerProcess {
        let owners = try slotOwners(asking: try anyRunningNode())
        guard let owner = owners.first(where: { $0.slots.contains(slot.value) }),
            let node = nodes.first(where: { $0.port == owner.port })
        else { throw RedisTestError.notReady("no master serves slot \(slot)") }
        return node
    }

    /// The running nodes that serve slots.
    public func masters() throws -> [RedisServerProcess] {
        let ports = Set(try slotOwners(asking: try anyRunningNode()).map(\.port))
        return nodes.filter { ports.contains($0.port) && $0.isRunning }
    }

    /// A node's cluster id (`CLUSTER MYID`).
    public func id(of node: RedisServerProcess) throws -> String {
        guard let id = try node.connect().run(["CLUSTER", "MYID"]).text else {
            throw RedisTestError.notReady("CLUSTER MYID gave no id")
        }
        return id
    }

    /// The replicas of `master` that are running.
    public func replicas(of master: RedisServerProcess) throws -> [RedisServerProcess] {
        let masterID = try id(of: master)
        return try nodes.filter { node in
            guard node.isRunning, node.port != master.port,
                let info = try node.connect().run(["CLUSTER", "NODES"]).text
            else { return false }
            let myself = info.split(separator: "\n").first { $0.contains("myself") }
            return myself.map { $0.split(separator: " ")[3] == masterID } ?? false
        }
    }

    private func isWhole() throws -> Bool {
        let running = nodes.filter(\.isRunning)
        var agreed: [SlotOwner]?
        for node in running {
            let connection = try node.connect(timeout: .seconds(1))
            guard let info = try connection.run(["CLUSTER", "INFO"]).text, info.contains("cluster_state:ok") else {
                return false
            }
            let owners = try slotOwners(asking: node)
            guard agreed == nil || agreed == owners else { return false }
            agreed = owners
            guard let replication = try connection.run(["INFO", "replication"]).text else { return false }
            if replication.contains("role:slave") && !replication.contains("master_link_status:up") { return false }
        }
        return Set(agreed?.map(\.port) ?? []).count == masterCount
    }

    /// A slot range and the port of its master.
    private struct SlotOwner: Equatable {
        let slots: ClosedRange<Int>
        let port: Int
    }

    private func slotOwners(asking node: RedisServerProcess) throws -> [SlotOwner] {
        guard case .array(let ranges) = try node.connect(timeout: .seconds(1)).run(["CLUSTER", "SLOTS"]) else {
            throw RedisTestError.notReady("CLUSTER SLOTS gave no ranges")
        }
        return ranges.compactMap { range -> SlotOwner? in
            guard case .array(let fields) = range, fields.count >= 3, case .integer(let first) = fields[0],
                case .integer(let last) = fields[1], case .array(let master) = fields[2], master.count >= 2,
                case .integer(let port) = master[1]
            else { return nil }
            return SlotOwner(slots: Int(first)...Int(last), port: Int(port))
        }.sorted { $0.slots.lowerBound < $1.slots.lowerBound }
    }

    private func anyRunningNode() throws -> RedisServerProcess {
        guard let node = nodes.first(where: \.isRunning) else { throw RedisTestError.notReady("no node runs") }
        return node
    }

    /// A free port whose cluster bus port (`redis-cli` introduces nodes by it: the port + 10000)
    /// is free too, so at most 55535.
    public static func nodePort() -> Int {
        for _ in 0..<200 {
            let port = freeLoopbackPort()
            if port + 10000 <= 65535 && !isListening(port + 10000) { return port }
        }
        preconditionFailure("no loopback port with a free port 10000 above it")
    }

    deinit {
        for node in nodes { node.kill() }
        try? FileManager.default.removeItem(at: directory)
    }

    static let cli =
        ["/usr/bin/redis-cli", "/usr/local/bin/redis-cli"].first { FileManager.default.isExecutableFile(atPath: $0) }
        ?? "redis-cli"
}
