import GeoToolzIO

/// What `ArtifactFreezer` pins: a layer file over a data directory, and how to sample it.
public struct FreezeRequest: Sendable {
    /// The layer file.
    public var layerFile: String
    public var dataDirectory: DataDirectory
    /// The render options the layer is frozen with.
    public var options: LayerOptions
    /// The zooms reference tiles come from; nil: the layer's first four.
    public var zooms: ClosedRange<Int>?
    /// Where reference tiles come from; nil: all of the layer's data.
    public var area: GeoBounds?
    /// How many tiles to render for reference (at 256 px; the first is also rendered at 512 px).
    public var referenceTiles = 16
    /// How many reference tiles keep their bytes in the tarball, so drifted pixels can be counted.
    public var storedTiles = 4
    /// Whether the input files go into the tarball.
    public var includeData = false
    /// The most input bytes `includeData` takes.
    public var includeDataLimit = 256 << 20
    /// Free key/value pairs (author, date, DOI…).
    public var metadata: [String: String] = [:]
    /// The versions and platform recorded.
    public var environment = BuildEnvironment.current()

    public init(layerFile: String, dataDirectory: DataDirectory, options: LayerOptions = LayerOptions()) {
        self.layerFile = layerFile
        self.dataDirectory = dataDirectory
        self.options = options
    }
}
