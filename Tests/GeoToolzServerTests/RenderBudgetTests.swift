import Foundation
import GeoToolz
import GeoToolzIO
import NIOConcurrencyHelpers
import TestSupport
import Testing

@testable import GeoToolzServer

/// The render budget against the real server: a render over it is answered 503 with
/// `Retry-After` close to the budget, counted, never cached, while other tiles keep coming.
@Suite(.serialized) struct RenderBudgetTests {
    static let budget = Duration.milliseconds(300)
    /// How late past the budget a 503 may arrive.
    static let slack = Duration.milliseconds(100)

    /// Forty long BandMath expressions over an @2x tile: many seconds of arithmetic, every step of
    /// which checks the deadline.
    static let slowPipeline: String = {
        let expression = Array(repeating: "sqrt(abs(b1)) * 1.0001", count: 120).joined(separator: " + ")
        let step = "    - {_target_: BandMath, expression: '\(expression)'}\n"
        return "_target_: Sequential\n  operators:\n" + String(repeating: step, count: 40)
            + "    - {_target_: Colormap, name: terrain, vmin: 0, vmax: 4400}"
    }()

    /// One GET on a thread of its own, timed from before it connects to the whole response.
    final class TimedRequest: Sendable {
        private let outcome = NIOLockedValueBox<(response: TestResponse?, elapsed: Duration)?>(nil)
        private let group: DispatchGroup

        init(_ server: RunningServer, _ target: String) {
            let outcome = self.outcome
            group = startThreads(1) { _ in
                let clock = ContinuousClock()
                let started = clock.now
                let response = try? server.get(target)
                outcome.withLockedValue { $0 = (response, clock.now - started) }
            }
        }

        var isDone: Bool { outcome.withLockedValue { $0 != nil } }

        func wait() -> (response: TestResponse?, elapsed: Duration) {
            group.wait()
            return outcome.withLockedValue { $0! }
        }
    }

    /// Render threads at work, from `/health`.
    static func busyRenderThreads(_ server: RunningServer) throws -> Int {
        let health = try #require(try server.get("/health").json() as? [String: Any])
        let dependencies = try #require(health["dependencies"] as? [String: Any])
        let pool = try #require(dependencies["renderPool"] as? [String: Any])
        return try #require(pool["busyThreads"] as? Int)
    }

    @Test func aRenderOverItsBudgetIs503WhileAnotherLayerServes() throws {
        let layers = try DemoLayers.custom([
            "slow": elevationLayer(name: "slow", pipeline: Self.slowPipeline),
            "fine": elevationLayer(name: "fine"),
        ])
        let server = try RunningServer(layers: layers) {
            $0.renderBudget = Self.budget
            $0.renderThreads = 2
        }
        let tile = try centreTile(layers[0], zoom: 9)
        let slow = TimedRequest(server, path("slow", tile, scale: 2))
        // The slow render is under way once its memory lookup missed; then another layer's tile
        // is asked for, and answered, while it runs.
        #expect(eventually { (try? server.metric("geotoolz_cache_lookups_total", ["result": "miss"])) == 1 })
        let fine = try server.get(path("fine", tile))
        #expect(fine.status == 200)
        #expect(!slow.isDone, "the slow render must still be running when the other tile is answered")

        let (response, elapsed) = slow.wait()
        let refused = try #require(response)
        #expect(refused.status == 503)
        #expect(refused.header("Retry-After") == "1")
        #expect(refused.header("Cache-Control") == "no-store")
        let json = try #require(try refused.json() as? [String: String])
        #expect(json["error"] == "render over budget")
        #expect(json["detail"]?.contains("300 ms budget") == true)
        #expect(json["requestId"] != nil)
        #expect(elapsed >= Self.budget)
        #expect(elapsed < Self.budget + Self.slack, "answered after \(elapsed)")
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "slow"]) == 1)
        #expect(try server.metric("geotoolz_render_failures_total") == 0)
        // The render itself stopped at its checks (it had many seconds of work left), freeing its thread.
        #expect(eventually(timeout: 1) { (try? Self.busyRenderThreads(server)) == 0 })

        // Nothing was cached: the tile is rendered, and refused, again.
        #expect(try server.get(path("slow", tile, scale: 2)).status == 503)
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "slow"]) == 2)
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "fine"]) == 0)
    }

    @Test func everyWaiterForTheTileGetsTheSame503() throws {
        let layers = try DemoLayers.custom(["slow": elevationLayer(name: "slow", pipeline: Self.slowPipeline)])
        let server = try RunningServer(layers: layers) { $0.renderBudget = Self.budget }
        let target = path("slow", try centreTile(layers[0], zoom: 10), scale: 2)
        let requests = (0..<4).map { _ in TimedRequest(server, target) }
        let outcomes = requests.map { $0.wait() }
        #expect(outcomes.map { $0.response?.status } == Array(repeating: 503, count: 4))
        #expect(outcomes.allSatisfy { $0.response?.header("Retry-After") == "1" })
        // One render, shared: one timeout.
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "slow"]) == 1)
        #expect(try server.metric("geotoolz_render_stage_duration_seconds_count", ["stage": "read"]) == 0)
    }

    /// A render stuck where nothing checks the deadline is answered at the deadline all the same;
    /// when it finally finishes, its tile is dropped rather than cached.
    @Test func aStuckRenderIsAnsweredAtTheDeadlineAndItsTileDropped() throws {
        let release = DispatchSemaphore(value: 0)
        let renders = NIOLockedValueBox(0)
        let base = try DemoLayers.custom(["stuck": elevationLayer(name: "stuck")])[0]
        var definition = base.definition
        // Last in the pipeline, so once let go the render runs to its end: the tile is made, late.
        definition.pipeline =
            definition.pipeline
            | Lambda("stuck") { tensor in
                renders.withLockedValue { $0 += 1 }
                // Blocks, checking nothing, until the test lets it go.
                _ = release.wait(timeout: .now() + 30)
                return tensor
            }
        let layer = try Layer(definition, dataDirectory: DataDirectory(PackagePaths.data))
        let server = try RunningServer(layers: [layer]) { $0.renderBudget = Self.budget }
        defer { for _ in 0..<2 { release.signal() } }
        let target = path("stuck", try centreTile(layer, zoom: 9))

        let first = TimedRequest(server, target).wait()
        #expect(first.response?.status == 503)
        #expect(first.elapsed >= Self.budget)
        #expect(first.elapsed < Self.budget + Self.slack, "answered after \(first.elapsed)")
        #expect(try server.metric("geotoolz_render_timeouts_total", ["layer": "stuck"]) == 1)

        // Let the render finish: it completes (its stages are timed) but its tile is not kept.
        #expect(try server.metric("geotoolz_render_stage_duration_seconds_count", ["stage": "encode"]) == 0)
        release.signal()
        #expect(
            eventually {
                (try? server.metric("geotoolz_render_stage_duration_seconds_count", ["stage": "encode"])) == 1
            })
        let second = TimedRequest(server, target)
        #expect(
            eventually { renders.withLockedValue { $0 } == 2 }, "the tile is rendered again, not served from a cache")
        // Let go at once, this render ends well within its budget and is served.
        release.signal()
        let answer = second.wait()
        #expect(answer.response?.status == 200)
        #expect(answer.response?.header("X-Cache") == "miss")
        #expect(try server.metric("geotoolz_render_failures_total") == 0)
    }
}
