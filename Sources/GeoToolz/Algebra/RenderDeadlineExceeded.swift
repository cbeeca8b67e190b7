/// A render abandoned because it ran past its deadline (see `RenderDeadline`).
///
/// Distinct from every other failure, so callers answer it as "over budget, retry later"
/// rather than as a broken pipeline or source; GDAL reads cancelled at the deadline throw it
/// too, not a `GDALError`.
public struct RenderDeadlineExceeded: Error, Sendable, Hashable, CustomStringConvertible {
    /// The deadline that passed.
    public let deadline: RenderDeadline

    public init(deadline: RenderDeadline) {
        self.deadline = deadline
    }

    public var description: String { "the render ran past its time budget (\(deadline))" }
}
