import GeoToolzIO
import GeoToolzSeed
import TestSupport
import Testing

/// Pre-warming a running tile server over HTTP.
@Suite(.serialized, .timeLimit(.minutes(2))) struct PrewarmHTTPTests {
    let layers: [Layer]

    init() throws {
        layers = try DemoLayers.custom(["dem": elevationLayer(name: "dem")])
    }

    @Test func aServerIsWarmedOverHTTP() throws {
        let server = try RunningServer(layers: layers)
        let endpoint = try HTTPEndpoint(parsing: "http://127.0.0.1:\(server.port)")
        let warmer = HTTPTileWarmer(endpoint: endpoint, scale: 2)
        let listed = try warmer.layers()
        #expect(listed.map(\.name) == ["dem"] && listed[0].zooms == 6...14)
        #expect(listed[0].identity == layers[0].configHash)

        let plan = TilePlan(layers: listed, zooms: 6...8)
        let first = PrewarmJob(plan: plan, warmer: warmer, concurrency: 3, maxFailures: 0).run()
        #expect(first.ending == .finished && first.progress.rendered == plan.count)
        #expect(first.progress.bytes > 0)
        let second = PrewarmJob(plan: plan, warmer: warmer, concurrency: 3, maxFailures: 0).run()
        #expect(second.progress.cached == plan.count)

        // Tiles the server has no data for answer 204; unknown layers 404, a failure.
        var wider = listed[0]
        wider = LayerExtent(
            name: "dem", zooms: 6...6, bounds: wider.bounds.expanded(by: 2_000_000), identity: wider.identity)
        let outside = PrewarmJob(
            plan: TilePlan(layers: [wider], zooms: 6...6), warmer: warmer, concurrency: 1, maxFailures: 0
        ).run()
        #expect(outside.progress.outside > 0 && outside.progress.failed == 0)
        let unknown = LayerExtent(name: "nope", zooms: 6...6, bounds: wider.bounds, identity: "")
        let failed = PrewarmJob(
            plan: TilePlan(layers: [unknown], zooms: 6...6), warmer: warmer, concurrency: 1, maxFailures: 0
        ).run()
        #expect(failed.ending == .tooManyFailures(limit: 0))
    }
}
