/// `Duration` in the units the rest of the system speaks: C time structures, Dispatch, NIO,
/// Prometheus and reports. Every conversion goes through here, so none rounds differently.
extension Duration {
    /// Whole nanoseconds (negative durations stay negative; beyond ±292 years saturate).
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// Whole microseconds.
    public var microseconds: Int64 { nanoseconds / 1000 }

    /// The duration in milliseconds, for reports.
    public var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1e3 + Double(parts.attoseconds) * 1e-15
    }

    /// The duration in seconds.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
