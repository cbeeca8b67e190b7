/// An operator in a pipeline that cannot take the bands it would be given, found before any
/// pixel is read. It locates the operator relative to the pipeline's root, so the loader can
/// point at it in the config, and says where its bands come from.
public struct BandCountMismatch: Error, Sendable, Hashable, CustomStringConvertible {
    /// What feeds the operator that failed.
    public enum Feed: Sendable, Hashable {
        /// The pipeline's input of this position (a layer source).
        case pipelineInput(Int)
        /// The operator at `path` (relative to the pipeline's root), named `operatorName`.
        case step(path: [ConfigPath.Component], operatorName: String)
    }

    /// The operator that cannot take its input.
    public var operatorName: String
    /// What it takes.
    public var takes: BandRequirement
    /// How many bands it would get.
    public var gets: Int
    /// Where the operator sits, relative to the pipeline's root.
    public var path: [ConfigPath.Component]
    /// What feeds it.
    public var feed: Feed

    /// A mismatch of the operator at the pipeline's root, fed by its input `input`.
    public init(operatorName: String, takes: BandRequirement, gets: Int, input: Int = 0) {
        self.operatorName = operatorName
        self.takes = takes
        self.gets = gets
        self.path = []
        self.feed = .pipelineInput(input)
    }

    /// The mismatch seen from an operator that holds the failing one at `prefix`, where the
    /// failing one's inputs are `inputs` (the holder's input positions or other steps).
    func nested(under prefix: [ConfigPath.Component], inputs: [Feed]) -> BandCountMismatch {
        var outer = self
        outer.path = prefix + path
        switch feed {
        case .pipelineInput(let index):
            outer.feed = index < inputs.count ? inputs[index] : .pipelineInput(index)
        case .step(let stepPath, let name):
            outer.feed = .step(path: prefix + stepPath, operatorName: name)
        }
        return outer
    }

    /// `Colormap takes 1 band, gets 4`.
    public var description: String { "\(operatorName) takes \(takes), gets \(gets)" }
}
