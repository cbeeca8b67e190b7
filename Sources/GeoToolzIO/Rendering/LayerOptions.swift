/// How layers render, shared by every layer of a catalog.
public struct LayerOptions: Sendable, Hashable {
    /// How PNG tiles are written.
    public var encoder: PNGEncoder
    /// How WebP tiles are written (lossless for colormapped and terrain tiles).
    public var webp: WebPEncoder
    /// How JPEG tiles are written; each layer gives its own fill colour.
    public var jpeg: JPEGEncoder
    /// gdalwarp's `-et`, in pixels: the reprojection error allowed for speed (0 = exact).
    public var errorThreshold: Double
    /// The long side, in pixels, of the whole-dataset overview a pipeline's statistics come from.
    public var calibrationSize: Int
    /// How many threads are expected to render at once: each raster opens that many sets of
    /// GDAL handles at load, so the first tiles do not pay for opening them.
    public var renderThreads: Int
    /// How many files of each mosaic source may be open at once (least recently used closed first).
    public var mosaicOpenFiles: Int

    public init(
        encoder: PNGEncoder = PNGEncoder(), webp: WebPEncoder = WebPEncoder(), jpeg: JPEGEncoder = JPEGEncoder(),
        errorThreshold: Double = 0.125, calibrationSize: Int = 1024, renderThreads: Int = 1,
        mosaicOpenFiles: Int = MosaicSource.defaultOpenFiles
    ) {
        self.encoder = encoder
        self.webp = webp
        self.jpeg = jpeg
        self.errorThreshold = errorThreshold
        self.calibrationSize = calibrationSize
        self.renderThreads = renderThreads
        self.mosaicOpenFiles = mosaicOpenFiles
    }
}
