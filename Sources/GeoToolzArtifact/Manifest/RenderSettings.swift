import GeoToolzIO

/// The render options a layer was frozen with (encoder settings, warp error): they decide the
/// bytes as much as the config does, so verification and serving render with these, whatever
/// the command line says.
public struct RenderSettings: Codable, Sendable, Hashable {
    public var pngLevel: Int
    public var pngFilter: String
    public var webpQuality: Float
    public var webpMethod: Int
    public var webpLosslessEffort: Float
    public var jpegQuality: Int
    public var jpegSubsampling: String
    public var errorThreshold: Double
    public var calibrationSize: Int

    /// The settings of `options`.
    public init(_ options: LayerOptions) {
        pngLevel = options.encoder.compressionLevel
        pngFilter = options.encoder.filter.rawValue
        webpQuality = options.webp.quality
        webpMethod = options.webp.method
        webpLosslessEffort = options.webp.losslessEffort
        jpegQuality = options.jpeg.quality
        jpegSubsampling = options.jpeg.subsampling.rawValue
        errorThreshold = options.errorThreshold
        calibrationSize = options.calibrationSize
    }

    /// Layer options rendering as frozen, with handles for `renderThreads`.
    public func layerOptions(renderThreads: Int = 1) throws(ArtifactError) -> LayerOptions {
        guard let filter = PNGFilter(rawValue: pngFilter), let subsampling = JPEGSubsampling(rawValue: jpegSubsampling)
        else { throw ArtifactError("the manifest's render settings name an unknown PNG filter or JPEG subsampling") }
        return LayerOptions(
            encoder: PNGEncoder(compressionLevel: pngLevel, filter: filter),
            webp: WebPEncoder(quality: webpQuality, method: webpMethod, losslessEffort: webpLosslessEffort),
            jpeg: JPEGEncoder(quality: jpegQuality, subsampling: subsampling), errorThreshold: errorThreshold,
            calibrationSize: calibrationSize, renderThreads: renderThreads)
    }
}
