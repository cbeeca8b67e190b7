/// Arithmetic on halos that cannot trap: an operator built in Swift (a `Lambda`) may declare
/// any halo, and a sum that overflowed would stop the process. Whoever reads with the halo
/// (a layer) refuses one out of its range instead.
enum Halo {
    /// `a + b`, held at `Int.max` or `Int.min` instead of overflowing.
    static func adding(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        guard overflow else { return sum }
        return b > 0 ? Int.max : Int.min
    }
}
