#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A point in time after which a render is abandoned: the time budget of one tile.
///
/// A render runs under a deadline with `run(_:)`; every operator (and the GDAL reads) can then
/// find it as `RenderDeadline.current` without it being passed through `apply`, and gives up by
/// throwing `RenderDeadlineExceeded` from `check()`. The check is cooperative: a long loop calls
/// it every so many rows or chunks, and code that never checks runs to its end (the server
/// answers the client at the deadline regardless, see `TileService`).
///
/// The instant is a reading of the monotonic clock (`CLOCK_MONOTONIC`, as `DispatchTime` and
/// NIO's `NIODeadline` read it), in nanoseconds, so a deadline can be handed to an event loop
/// or to a C callback as a plain integer. Checking costs one clock read (a few tens of
/// nanoseconds, no system call) and no allocation or lock.
public struct RenderDeadline: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The monotonic clock's reading, in nanoseconds, at which the deadline passes; never 0.
    public let uptimeNanoseconds: UInt64

    /// The deadline at the monotonic clock reading `uptimeNanoseconds` (0 is taken as 1, so a
    /// deadline always has a non-zero bit pattern to travel through C as a pointer).
    public init(uptimeNanoseconds: UInt64) {
        self.uptimeNanoseconds = max(uptimeNanoseconds, 1)
    }

    /// The deadline `budget` from now; a budget of zero or less has already passed.
    public static func after(_ budget: Duration) -> RenderDeadline {
        let now = Self.now
        let nanoseconds = budget.nanoseconds
        guard nanoseconds > 0 else { return RenderDeadline(uptimeNanoseconds: now) }
        let (sum, overflow) = now.addingReportingOverflow(UInt64(nanoseconds))
        return RenderDeadline(uptimeNanoseconds: overflow ? .max : sum)
    }

    /// The monotonic clock now, in nanoseconds.
    @inlinable
    public static var now: UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) &* 1_000_000_000 &+ UInt64(time.tv_nsec)
    }

    /// Whether the deadline is behind us.
    @inlinable
    public var hasPassed: Bool { Self.now >= uptimeNanoseconds }

    /// The time left before the deadline, zero once it has passed.
    public var remaining: Duration {
        let now = Self.now
        return now >= uptimeNanoseconds ? .zero : .nanoseconds(Int64(clamping: uptimeNanoseconds - now))
    }

    /// Throws `RenderDeadlineExceeded` once the deadline has passed. Call it between steps and
    /// every so many rows or chunks of a long loop, never per pixel.
    @inlinable
    public func check() throws(RenderDeadlineExceeded) {
        if hasPassed { throw RenderDeadlineExceeded(deadline: self) }
    }

    public static func < (lhs: RenderDeadline, rhs: RenderDeadline) -> Bool {
        lhs.uptimeNanoseconds < rhs.uptimeNanoseconds
    }

    public var description: String {
        let now = Self.now
        let milliseconds = { (nanoseconds: UInt64) in Double(nanoseconds) / 1e6 }
        return now >= uptimeNanoseconds
            ? "deadline passed \(milliseconds(now - uptimeNanoseconds)) ms ago"
            : "deadline in \(milliseconds(uptimeNanoseconds - now)) ms"
    }
}
