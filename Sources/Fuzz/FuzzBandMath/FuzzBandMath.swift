import FuzzSupport
import GeoToolz

/// Parses, compiles and evaluates an arbitrary BandMath expression over a small tensor whose
/// pixels hold the awkward values (zeros of both signs, NaN, infinities, the extremes of Float,
/// subnormals): a bad expression may be refused with an error, none may trap.
@main
enum FuzzBandMath {
    static let specialValues: [Float] = [
        0, -0, 1, -1, 0.5, 2, 255, -3.5, .nan, .infinity, -.infinity, .greatestFiniteMagnitude,
        -.greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, 1e20,
    ]

    /// Three bands of 4 × 4 pixels; each band visits the special values in a different order.
    static let input: GeoTensor = {
        let count = specialValues.count
        let values = (0..<3).flatMap { band in (0..<count).map { specialValues[($0 * (band + 1) + band) % count] } }
        return GeoTensor(bands: 3, height: 4, width: count / 4, values: values)
    }()

    static func main() {
        FuzzMain.run { data, size in
            if let bandMath = try? BandMath(expression: FuzzInput.text(data, size)) {
                _ = try? bandMath.apply(FuzzBandMath.input)
            }
            return 0
        }
    }
}
