extension Operator {
    /// Checks, before any pixel is read, that every operator can take the bands it would be
    /// given when the pipeline (whose config sits at `root`) is fed `inputs`; gives the bands
    /// the pipeline gives.
    ///
    /// A mismatch is a `ConfigError` at the operator's config, naming the counts and what feeds
    /// it: `describeInput(i)` for the pipeline's input `i` (e.g. "layer.source (bands [1, 2])"),
    /// or the operator before it.
    public func checkBands(
        fedBy inputs: [BandCount], at root: ConfigPath, describeInput: (Int) -> String
    ) throws(ConfigError) -> BandCount {
        do {
            return try outputBands(forInputs: inputs)
        } catch {
            let source: String
            switch error.feed {
            case .pipelineInput(let index): source = describeInput(index)
            case .step(let path, let name): source = "\(root.appending(path)) (\(name))"
            }
            throw ConfigError("\(error) from \(source)", at: root.appending(error.path))
        }
    }

    /// How many inputs to check the operator with when their bands are not known yet.
    var inputCountForChecks: Int {
        switch arity {
        case .exactly(let count), .atLeast(let count): count
        }
    }
}
