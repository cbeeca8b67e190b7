import Foundation
import GeoToolz
import Testing

/// The render deadline: its thread-local scope, and the operators and composites that stop at it.
@Suite struct RenderDeadlineTests {
    /// A north-up Web Mercator grid of 30 m pixels over hilly made-up terrain, `side` pixels a side.
    static func terrain(side: Int, bands: Int = 1) -> GeoTensor {
        var values = [Float](repeating: 0, count: bands * side * side)
        for index in values.indices {
            let pixel = index % (side * side)
            let (row, column) = (pixel / side, pixel % side)
            values[index] = 1000 + 300 * sin(Float(row) / 40) * cos(Float(column) / 25) + Float(index / (side * side))
        }
        return GeoTensor(
            bands: bands, height: side, width: side, values: values,
            transform: GeoTransform(originX: -13_000_000, pixelWidth: 30, originY: 4_500_000, pixelHeight: -30),
            crs: "EPSG:3857")
    }

    /// A DEM of 3072 × 3072 pixels, made once.
    static let large = terrain(side: 3072)

    /// Runs `body` under a deadline `budget` from now; its error and the time it took.
    static func timed(budget: Duration, _ body: () throws -> Void) -> (error: (any Error)?, elapsed: Duration) {
        let clock = ContinuousClock()
        let started = clock.now
        do {
            try RenderDeadline.after(budget).run { try body() }
            return (nil, clock.now - started)
        } catch {
            return (error, clock.now - started)
        }
    }

    @Test func theDeadlineIsScopedToTheThreadAndTheCall() throws {
        #expect(RenderDeadline.current == nil)
        let outer = RenderDeadline.after(.seconds(60))
        try outer.run {
            #expect(RenderDeadline.current == outer)
            try RenderDeadline.checkCurrent()
            // An inner deadline may only bring the end closer.
            let later = RenderDeadline.after(.seconds(600))
            later.run { #expect(RenderDeadline.current == outer) }
            let sooner = RenderDeadline.after(.seconds(1))
            sooner.run { #expect(RenderDeadline.current == sooner) }
            #expect(RenderDeadline.current == outer)
            // Other threads have none.
            let seenElsewhere = LockedBox<RenderDeadline?>(outer)
            let done = DispatchSemaphore(value: 0)
            Thread {
                seenElsewhere.value = RenderDeadline.current
                done.signal()
            }.start()
            done.wait()
            #expect(seenElsewhere.value == nil)
        }
        #expect(RenderDeadline.current == nil)
    }

    @Test func checkThrowsOnlyOnceTheDeadlineHasPassed() throws {
        let future = RenderDeadline.after(.seconds(60))
        try future.check()
        #expect(!future.hasPassed)
        #expect(future.remaining > .seconds(59))
        let past = RenderDeadline.after(.zero)
        #expect(past.hasPassed)
        #expect(past.remaining == .zero)
        #expect(throws: RenderDeadlineExceeded(deadline: past)) { try past.check() }
        #expect(throws: RenderDeadlineExceeded.self) { try past.run { try RenderDeadline.checkCurrent() } }
    }

    /// Each operator, applied by itself to a large input under a deadline already passed, stops:
    /// so each checks inside its own work, not only between the steps of a pipeline.
    @Test(arguments: [
        ("{_target_: Hillshade}", 1),
        ("{_target_: Slope}", 1),
        ("{_target_: BandMath, expression: 'b1 * 2 + 1'}", 1),
        ("{_target_: Colormap, name: terrain, vmin: 0, vmax: 2000}", 1),
        ("{_target_: Colormap, classes: [[1, \"#ff0000\"], [2, \"#0000ff\"]]}", 1),
        ("{_target_: LinearStretch, vmin: 0, vmax: 2000}", 3),
        ("{_target_: PercentileClip, vmin: 0, vmax: 2000}", 3),
        ("{_target_: Gamma, gamma: 0.5}", 3),
        ("{_target_: Scale, scale: 2}", 3),
        ("{_target_: DarkObjectSubtraction, darkObjects: 10}", 3),
        ("{_target_: ApplyMask, band: 2}", 2),
        ("{_target_: MaskQABits, band: 2, bits: [3]}", 2),
        ("{_target_: NDVI, red: 1, nir: 2}", 2),
        ("{_target_: Sequential, operators: [{_target_: Scale, scale: 1}]}", 1),
    ])
    func everyHeavyOperatorStopsAtAPassedDeadline(_ yaml: String, bands: Int) throws {
        let op = try PipelineLoader(registry: .standard).load(text: yaml, source: "test.yaml")
        let input = Self.terrain(side: 512, bands: bands)
        // Without a deadline it runs; past one it stops with the deadline's own error.
        _ = try op.apply(input)
        let passed = RenderDeadline.after(.zero)
        #expect(throws: RenderDeadlineExceeded.self) { try passed.run { try op.apply(input) } }
    }

    @Test func graphsAndStacksStopBetweenNodes() throws {
        let input = Input("dem")
        let graph = try Graph(inputs: [input], output: Stack()(Scale(scale: .uniform(2))(input), input))
        let tensor = Self.terrain(side: 64)
        _ = try graph.apply(inputs: [tensor])
        #expect(throws: RenderDeadlineExceeded.self) {
            try RenderDeadline.after(.zero).run { try graph.apply(inputs: [tensor]) }
        }
        #expect(throws: RenderDeadlineExceeded.self) {
            try RenderDeadline.after(.zero).run { try Stack().apply(inputs: [tensor, tensor]) }
        }
    }

    /// A chain that would take many seconds stops close to a 200 ms budget, whether the time goes
    /// in many steps (checked between them) or in one long operator (checked inside it).
    @Test func aLongChainStopsCloseToItsBudget() throws {
        let budget = Duration.milliseconds(200)
        let input = Self.terrain(side: 1024)
        let step = try Hillshade()
        let once = Self.timed(budget: .seconds(60)) { _ = try step.apply(input) }
        #expect(once.error == nil)
        // Enough steps for at least 50 budgets.
        let steps = max(2, Int((budget * 50) / max(once.elapsed, .microseconds(1))))
        let chain = Sequential(Array(repeating: step as any Operator, count: steps))
        let result = Self.timed(budget: budget) { _ = try chain.apply(input) }
        #expect(result.error is RenderDeadlineExceeded, "\(String(describing: result.error))")
        #expect(result.elapsed >= budget)
        // At most one step past the deadline (the chain checks before each), plus slack.
        #expect(result.elapsed < budget + once.elapsed + .milliseconds(100), "took \(result.elapsed)")
    }

    /// One Hillshade over a very large DEM (its rows are checked), and one long expression (its
    /// chunks are checked).
    @Test(arguments: ["Hillshade", "BandMath"])
    func oneLongOperatorStopsCloseToItsBudget(_ name: String) throws {
        let expression = Array(repeating: "sqrt(abs(b1)) * 1.0001", count: 120).joined(separator: " + ")
        let op: any Operator = name == "Hillshade" ? try Hillshade() : try BandMath(expression: expression)
        let input = Self.large
        let budget = Duration.milliseconds(50)
        // The operator alone takes far longer than the budget (seconds in a debug build): only a
        // check inside it can stop it this soon.
        let cut = Self.timed(budget: budget) { _ = try op.apply(input) }
        #expect(cut.error is RenderDeadlineExceeded, "\(String(describing: cut.error)) after \(cut.elapsed)")
        #expect(cut.elapsed >= budget)
        #expect(cut.elapsed < budget + .milliseconds(100), "took \(cut.elapsed)")
    }
}

/// A value shared with another thread.
private final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value

    init(_ value: Value) { stored = value }

    var value: Value {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
