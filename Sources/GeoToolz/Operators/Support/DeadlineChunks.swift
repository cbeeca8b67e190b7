/// Long per-pixel loops split into runs, with the render's deadline checked before each run:
/// often enough that an abandoned render stops within a fraction of a millisecond, rarely
/// enough that the clock reads cost nothing measurable next to the pixel work.
enum DeadlineChunks {
    /// Elements per run: 64 KiB of Float32, tens of microseconds of a typical pass.
    static let elements = 16_384

    /// Calls `body(start, count)` over `0..<total` in runs of at most `elements`, checking
    /// `deadline` (when there is one) before each run.
    @inline(__always)
    static func forEach(
        _ total: Int, checking deadline: RenderDeadline?, _ body: (_ start: Int, _ count: Int) throws -> Void
    ) throws {
        var start = 0
        while start < total {
            try deadline?.check()
            let count = Swift.min(elements, total - start)
            try body(start, count)
            start += count
        }
    }

    /// Rows per check for rows of `width` elements: whole rows making about `elements`.
    static func rows(ofWidth width: Int) -> Int {
        Swift.max(1, elements / Swift.max(width, 1))
    }
}
