import Foundation

/// Reusable resources that must not be shared between threads at once (GDAL dataset handles
/// and the warp state built on them): a caller takes an idle one, or a new one when all are in
/// use, and gives it back afterwards. The pool grows to the number of concurrent callers and
/// never rebuilds a resource per use.
final class ResourcePool<Resource>: @unchecked Sendable {
    // Safe to send: `idle` is only touched under `lock`, and a resource is reachable from one
    // caller at a time between `take` and `give back`.
    private let lock = NSLock()
    private var idle: [Resource]
    private let make: () throws(GDALError) -> Resource

    /// A pool holding `initial` as its first idle resource, making more with `make`.
    init(initial: [Resource] = [], make: @escaping () throws(GDALError) -> Resource) {
        self.idle = initial
        self.make = make
    }

    /// Runs `body` with a resource that no other caller holds meanwhile.
    func withResource<R>(_ body: (Resource) throws(GDALError) -> R) throws(GDALError) -> R {
        let resource = try take()
        defer { giveBack(resource) }
        return try body(resource)
    }

    /// How many resources are idle (for tests of reuse).
    var idleCount: Int {
        lock.withLock { idle.count }
    }

    private func take() throws(GDALError) -> Resource {
        if let resource = lock.withLock({ idle.popLast() }) { return resource }
        return try make()
    }

    private func giveBack(_ resource: Resource) {
        lock.withLock { idle.append(resource) }
    }
}
