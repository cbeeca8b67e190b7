import Dispatch
import GeoToolz
import GeoToolzIO
import Logging

/// Checks the served layers' source files at a short interval and loads a layer again when one
/// of its files was rewritten, replaced or removed, so its tiles, ETags and cache keys follow the
/// data within one interval instead of waiting for SIGHUP.
///
/// A layer whose files cannot be opened as they are now is marked unavailable (its tiles answer
/// 503) and tried again when its files change again; other layers are not affected.
public final class SourceWatcher: @unchecked Sendable {
    // Safe to send: the stored properties are immutable and Sendable, but for the Dispatch timer,
    // whose methods may be called from any thread.
    /// Loads a layer again from its definition; nil when the layer is no longer defined.
    public typealias Reload = @Sendable (_ name: String) throws -> Layer?

    private let registry: LayerRegistry
    private let reload: Reload
    private let logger: Logger
    private let timer: any DispatchSourceTimer

    /// Starts checking every `interval`.
    public init(registry: LayerRegistry, interval: Duration, logger: Logger, reload: @escaping Reload) {
        self.registry = registry
        self.reload = reload
        self.logger = logger
        let queue = DispatchQueue(label: "geotoolz.source-watcher")
        timer = DispatchSource.makeTimerSource(queue: queue)
        let nanoseconds = Int(interval.nanoseconds)
        timer.schedule(
            deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
            leeway: .nanoseconds(nanoseconds / 10))
        timer.setEventHandler { [weak self] in self?.check() }
        timer.resume()
    }

    /// Stops checking.
    public func stop() {
        timer.cancel()
    }

    deinit { timer.cancel() }

    /// One pass over every layer.
    func check() {
        let snapshot = registry.snapshot
        for name in snapshot.names {
            guard let layer = snapshot.layers[name] else { continue }
            if let unavailable = snapshot.unavailable[name] {
                let now = unavailable.stamps.map { FileStamp(name: $0.name, path: $0.path) }
                if now != unavailable.stamps { load(layer, stamps: now) }
            } else if layer.sourceFilesChanged() {
                load(layer, stamps: layer.fileStamps.map { FileStamp(name: $0.name, path: $0.path) })
            }
        }
    }

    private func load(_ layer: Layer, stamps: [FileStamp]) {
        do {
            guard let fresh = try reload(layer.name) else { return }
            if registry.replace(layer, with: fresh) {
                logger.info(
                    "layer \(layer.name): source files changed, loaded again",
                    metadata: ["data": "\(fresh.dataIdentity.prefix(16))"])
            }
        } catch {
            registry.markUnavailable(layer, reason: "\(error)", stamps: stamps)
            logger.error(
                "layer \(layer.name): source files changed and cannot be read; its tiles are refused until they can",
                metadata: ["reason": "\(error)"])
        }
    }
}
