import Foundation

/// Layers serving the tiles of an MBTiles or PMTiles archive as stored (`source:` naming one).
extension Layer {
    /// The tile scales this layer serves: an archive's tiles come at the one size they were
    /// stored at, served as `@1x`.
    public var servedScales: ClosedRange<Int> { archive == nil ? Self.scales : 1...1 }

    /// Why an archive's layer cannot do what a rendering layer does.
    static func storedTilesOnly(_ name: String) -> String {
        "layer '\(name)' serves the stored tiles of an archive: it has no sources to read or render otherwise"
    }

    /// The stored tile, or — where the archive holds none inside its bounds — the empty tile.
    func stored(_ tile: GridTile, scale: Int, format: TileFormat, in archive: TileArchiveReader) throws -> RenderedTile
    {
        guard scale == 1 else {
            throw RenderError("layer '\(name)' serves the tiles of an archive as stored, at one size: no @\(scale)x")
        }
        guard let mercator = tile.mercatorTile else {
            throw RenderError("layer '\(name)' serves the WebMercatorQuad tiles of an archive, not \(tile.grid)")
        }
        let started = ContinuousClock.now
        let data = try archive.tile(mercator) ?? transparentTile(scale: scale, format: format)
        var timings = RenderTimings()
        timings.read = ContinuousClock.now - started
        return RenderedTile(
            tile: tile, scale: scale, data: data, format: format, form: nil, timings: timings, warnings: [])
    }
}
