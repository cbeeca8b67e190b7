import GeoToolz

/// How the values of one tile differ between two versions of a layer (new − old), before the
/// final colormap or encoding.
///
/// Differences are taken over the pixels valid in both and the bands both have; a pixel is
/// changed when one of those bands differs by more than the tolerance, or when it is valid in
/// one version only. Fractions are of all the tile's pixels, so a tile without data in either
/// version is unchanged.
public struct ValueMetrics: Sendable, Hashable, Codable {
    /// Pixels in the tile.
    public let pixels: Int
    /// Pixels valid in both versions.
    public let comparedPixels: Int
    /// The mean of |new − old| over the compared pixels and bands (0 when none).
    public let meanAbsoluteDifference: Double
    /// The root mean square of new − old over the compared pixels and bands.
    public let rootMeanSquareDifference: Double
    /// The largest |new − old|.
    public let maxAbsoluteDifference: Double
    /// Pixels valid in both whose values differ beyond the tolerance.
    public let changedValues: Int
    /// Pixels valid in the old version only.
    public let becameNodata: Int
    /// Pixels valid in the new version only.
    public let becameValid: Int

    /// Pixels changed beyond the tolerance or in validity.
    public var changedPixels: Int { changedValues + becameNodata + becameValid }
    /// `changedPixels` as a fraction of the tile's pixels.
    public var changedFraction: Double { pixels == 0 ? 0 : Double(changedPixels) / Double(pixels) }

    /// Compares two tensors of one window; `tolerance` is in value units.
    public init(old: GeoTensor, new: GeoTensor, tolerance: Double) {
        var changedMask = [Bool]()
        self.init(old: old, new: new, tolerance: tolerance, marking: &changedMask)
    }

    /// Compares two tensors, setting `changed` to whether each pixel changed (in value or validity).
    init(old: GeoTensor, new: GeoTensor, tolerance: Double, marking changed: inout [Bool]) {
        precondition(old.width == new.width && old.height == new.height, "both versions cover the same window")
        let pixels = old.pixelCount
        let bands = min(old.bands, new.bands)
        let oldValid = Self.validity(old)
        let newValid = Self.validity(new)
        changed = [Bool](repeating: false, count: pixels)
        var compared = 0
        var changedValues = 0
        var (lost, gained) = (0, 0)
        var (sum, squares, largest) = (0.0, 0.0, 0.0)
        old.values.withUnsafeBufferPointer { a in
            new.values.withUnsafeBufferPointer { b in
                for pixel in 0..<pixels {
                    switch (oldValid[pixel], newValid[pixel]) {
                    case (false, false): continue
                    case (true, false):
                        lost += 1
                        changed[pixel] = true
                    case (false, true):
                        gained += 1
                        changed[pixel] = true
                    case (true, true):
                        compared += 1
                        var beyond = false
                        for band in 0..<bands {
                            let difference = abs(Double(b[band * pixels + pixel]) - Double(a[band * pixels + pixel]))
                            sum += difference
                            squares += difference * difference
                            largest = max(largest, difference)
                            beyond = beyond || difference > tolerance
                        }
                        if beyond {
                            changedValues += 1
                            changed[pixel] = true
                        }
                    }
                }
            }
        }
        let samples = Double(compared * bands)
        self.pixels = pixels
        self.comparedPixels = compared
        self.meanAbsoluteDifference = samples > 0 ? sum / samples : 0
        self.rootMeanSquareDifference = samples > 0 ? (squares / samples).squareRoot() : 0
        self.maxAbsoluteDifference = largest
        self.changedValues = changedValues
        self.becameNodata = lost
        self.becameValid = gained
    }

    /// Whether each pixel is valid: finite in every band.
    static func validity(_ tensor: GeoTensor) -> [Bool] {
        let pixels = tensor.pixelCount
        var valid = [Bool](repeating: true, count: pixels)
        tensor.values.withUnsafeBufferPointer { values in
            for band in 0..<tensor.bands {
                for pixel in 0..<pixels where !values[band * pixels + pixel].isFinite { valid[pixel] = false }
            }
        }
        return valid
    }
}
