import GeoToolz

/// One raster a layer reads for every tile, and the pipeline input it feeds.
public struct LayerSource: Sendable, Hashable {
    /// The named input of a `Graph` pipeline this raster feeds; nil when the layer has one source
    /// and the pipeline takes one input.
    public var input: String?
    /// The raster's path inside the data directory.
    public var path: String
    /// The bands to read, numbered from 1; nil reads every data band.
    public var bands: [Int]?
    /// How pixels are resampled onto the tile grid.
    public var resampling: Resampling
    /// A value that marks nodata in every band read, in place of the file's own nodata values
    /// (TiTiler's `nodata`); nil keeps the file's. NaN marks NaN pixels.
    public var noData: Double?
    /// Where `path` and `bands` were written, for located errors.
    public var origin: Origin

    /// Where in the layer file a source's fields were written.
    public struct Origin: Sendable, Hashable {
        public var path: ConfigPath
        public var bands: ConfigPath

        public init(path: ConfigPath, bands: ConfigPath) {
            self.path = path
            self.bands = bands
        }
    }

    public init(
        input: String? = nil, path: String, bands: [Int]? = nil, resampling: Resampling = .nearest,
        noData: Double? = nil, origin: Origin? = nil
    ) {
        self.input = input
        self.path = path
        self.bands = bands
        self.resampling = resampling
        self.noData = noData
        let root = ConfigPath(root: "layer")
        self.origin =
            origin
            ?? (input.map { Origin(path: root.appending("sources").appending($0), bands: root.appending("bands")) }
                ?? Origin(path: root.appending("source"), bands: root.appending("bands")))
    }
}
