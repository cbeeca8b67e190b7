import GeoToolzDiff
import Testing

/// The sample of a plan: evenly spaced, the same every time, all of it when asked.
@Suite struct TileSampleTests {
    @Test func positionsAreTheMiddlesOfEqualRuns() {
        #expect(TileSample(planCount: 100, count: 4).positions == [12, 37, 62, 87])
        #expect(TileSample(planCount: 10, count: nil).positions == Array(0..<10))
        #expect(TileSample(planCount: 3, count: 5).positions == [0, 1, 2])
        let large = TileSample(planCount: 1_000_000_007, count: 1000).positions
        #expect(
            large.count == 1000 && zip(large, large.dropFirst()).allSatisfy { $0 < $1 } && large.last! < 1_000_000_007)
    }
}
