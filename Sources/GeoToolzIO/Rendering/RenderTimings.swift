/// Where the time of one render went.
public struct RenderTimings: Sendable, Hashable {
    /// Reading and warping the sources.
    public var read: Duration = .zero
    /// Running the pipeline.
    public var operators: Duration = .zero
    /// Encoding the PNG.
    public var encode: Duration = .zero

    public init(read: Duration = .zero, operators: Duration = .zero, encode: Duration = .zero) {
        self.read = read
        self.operators = operators
        self.encode = encode
    }

    /// The three stages together.
    public var total: Duration { read + operators + encode }
}
