/// A masking operator that reads a mask band among its input's bands and drops it from the
/// output unless told to keep it.
public protocol MaskBandDropping: Operator {
    /// The 1-based number of the mask band.
    var band: Int { get }
    /// Keep the mask band in the output.
    var keepBand: Bool { get }
}

extension MaskBandDropping {
    /// The mask band, and another band to keep when the mask band is dropped.
    public var bandsTaken: BandRequirement { .atLeast(keepBand ? band : max(band, 2)) }

    public func bandsGiven(forInput input: BandCount) -> BandCount {
        guard let count = input.known else { return .unknown }
        return .exactly(keepBand ? count : count - 1)
    }
}
