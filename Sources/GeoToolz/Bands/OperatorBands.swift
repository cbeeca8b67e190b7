// What an operator that does not say otherwise declares about bands: it takes any number and
// gives an unknown number, so a pipeline holding it is checked only up to it and from past it.

extension Operator {
    public var bandsTaken: BandRequirement { .any }

    public func bandsGiven(forInput input: BandCount) -> BandCount { .unknown }

    /// A single-input operator: checks the one input against `bandsTaken`, then gives
    /// `bandsGiven(forInput:)`. Several inputs give an unknown count (the arity check is the
    /// Graph's).
    public func outputBands(forInputs inputs: [BandCount]) throws(BandCountMismatch) -> BandCount {
        guard inputs.count == 1 else { return .unknown }
        guard let count = inputs[0].known else {
            // An operator that takes exactly n bands has, once it runs, been given n.
            if case .exactly(let taken) = bandsTaken { return bandsGiven(forInput: .exactly(taken)) }
            return bandsGiven(forInput: .unknown)
        }
        guard bandsTaken.accepts(count) else {
            throw BandCountMismatch(operatorName: registryName, takes: bandsTaken, gets: count)
        }
        return bandsGiven(forInput: inputs[0])
    }
}

/// An operator that keeps the bands it is given (a check, a stretch, a per-band correction).
public protocol BandPreserving: Operator {}

extension BandPreserving {
    public func bandsGiven(forInput input: BandCount) -> BandCount { input }
}

/// An operator that computes one band from the bands it reads (an index, a terrain measure).
public protocol SingleBandOutput: Operator {}

extension SingleBandOutput {
    public func bandsGiven(forInput input: BandCount) -> BandCount { .exactly(1) }
}
