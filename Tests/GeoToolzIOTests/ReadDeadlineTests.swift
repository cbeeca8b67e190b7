import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// GDAL warps under a render deadline: cancelled through GDAL's progress callback, answered with
/// the deadline's own error.
@Suite struct ReadDeadlineTests {
    @Test func aReadPastItsDeadlineIsCancelledWithTheDeadlineError() throws {
        let reader = try TileReader(path: try SampleData.srtm)
        let tile = try TileID(zoom: 9, x: 86, y: 198)
        let expected = try reader.read(tile: tile)
        let passed = RenderDeadline.after(.zero)
        // No check of the deadline precedes the warp: only GDAL's progress callback stops it.
        #expect(throws: RenderDeadlineExceeded(deadline: passed)) {
            try passed.run { try reader.read(tile: tile) }
        }
        // The cancelled warp leaves the thread's handles fit for the next read, under a deadline or not.
        #expect(try reader.read(tile: tile) == expected)
        #expect(try RenderDeadline.after(.seconds(60)).run { try reader.read(tile: tile) } == expected)
    }

    @Test func aLongWarpStopsCloseToItsBudget() throws {
        let reader = try TileReader(path: try SampleData.srtm)
        // The whole raster, 4096 pixels a side, with a costly kernel: about a second of work on an
        // idle machine (2048 a side took under 0.3 s there, too short to measure a cut against).
        let window = RasterWindow(bounds: reader.info.mercatorBounds, width: 4096, height: 4096)
        let clock = ContinuousClock()
        var started = clock.now
        _ = try reader.read(window, resampling: .lanczos)
        let whole = clock.now - started
        let budget = Duration.milliseconds(100)
        try #require(whole > budget * 3, "the warp must take several budgets, took \(whole)")
        started = clock.now
        #expect(throws: RenderDeadlineExceeded.self) {
            try RenderDeadline.after(budget).run { try reader.read(window, resampling: .lanczos) }
        }
        let cut = clock.now - started
        #expect(cut >= budget)
        #expect(cut < budget + .milliseconds(100), "cancelled after \(cut) of \(whole)")
    }
}
