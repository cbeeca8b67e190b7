import GeoToolz

/// One raster a layer reads for every tile, and the pipeline input it feeds.
public struct LayerSource: Sendable, Hashable {
    /// The named input of a `Graph` pipeline this raster feeds; nil when the layer has one source
    /// and the pipeline takes one input.
    public var input: String?
    /// What the source names, inside the data directory: one raster, or — for a mosaic — several
    /// paths, each a raster, a directory or a glob (see `MosaicMembership`).
    public var paths: [String]
    /// The first (usually the only) path.
    public var path: String {
        get { paths[0] }
        set { paths = [newValue] }
    }
    /// How a source naming many files combines them; unused for one file.
    public var mosaic: MosaicOptions
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
        self.init(input: input, paths: [path], bands: bands, resampling: resampling, noData: noData, origin: origin)
    }

    /// A source naming `paths` (non-empty): files, directories or globs, read as one mosaic
    /// combined by `mosaic` when they name more than one file.
    public init(
        input: String? = nil, paths: [String], bands: [Int]? = nil, resampling: Resampling = .nearest,
        mosaic: MosaicOptions = MosaicOptions(), noData: Double? = nil, origin: Origin? = nil
    ) {
        precondition(!paths.isEmpty, "a source names at least one path")
        self.input = input
        self.paths = paths
        self.mosaic = mosaic
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
