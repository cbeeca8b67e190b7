import Foundation
import GeoToolz
import GeoToolzCache

/// Liveness and the state of each dependency, for `/health`.
public final class HealthReporter: Sendable {
    private let started = Date()
    private let registry: LayerRegistry
    private let pool: RenderPool
    private let memory: MemoryTileCache?
    private let extra: @Sendable () -> [String: ConfigValue]

    init(
        registry: LayerRegistry, pool: RenderPool, memory: MemoryTileCache?,
        extra: @escaping @Sendable () -> [String: ConfigValue] = { [:] }
    ) {
        self.registry = registry
        self.pool = pool
        self.memory = memory
        self.extra = extra
    }

    /// The report: `status` is `ok`, or `degraded` when any dependency is.
    public func report() -> ConfigValue {
        let snapshot = registry.snapshot
        var dependencies: [String: ConfigValue] = [
            "layers": [
                "status": snapshot.unavailable.isEmpty ? "ok" : "degraded",
                "count": .number(Double(snapshot.names.count)),
                "generation": .number(Double(snapshot.generation)),
                "unavailable": .array(snapshot.unavailable.keys.sorted().map { .string($0) }),
            ],
            "renderPool": [
                "status": "ok", "queueDepth": .number(Double(pool.queueDepth)),
                "busyThreads": .number(Double(pool.busyThreads)), "queueCapacity": .number(Double(pool.capacity)),
            ],
        ]
        if let memory {
            let usage = memory.usage
            dependencies["memoryCache"] = [
                "status": "ok", "entries": .number(Double(usage.entries)), "bytes": .number(Double(usage.bytes)),
                "capacityBytes": .number(Double(memory.capacityBytes)),
            ]
        } else {
            dependencies["memoryCache"] = ["status": "disabled"]
        }
        for (name, value) in extra() { dependencies[name] = value }
        let degraded = dependencies.values.contains { $0["status"] == "degraded" }
        return [
            "status": .string(degraded ? "degraded" : "ok"),
            "uptimeSeconds": .number((Date().timeIntervalSince(started) * 10).rounded() / 10),
            "dependencies": .object(dependencies),
        ]
    }
}
