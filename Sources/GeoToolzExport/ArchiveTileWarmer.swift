import GeoToolzIO
import GeoToolzSeed

/// Renders tiles in this process and writes them into a tile archive (MBTiles or PMTiles),
/// through the same render step as the server, so every tile archived holds the bytes the server
/// answers for it.
///
/// Tiles the archive already holds (an export resumed with `--resume`) are skipped as cached.
public final class ArchiveTileWarmer: TileWarmer {
    private let layers: [String: Layer]
    private let writer: TileArchiveWriter
    private let scale: Int
    private let format: TileFormat?

    /// Writes tiles of `layers` at `scale` in `format` (nil: each layer's default) into `writer`.
    public init(layers: [Layer], writer: TileArchiveWriter, scale: Int, format: TileFormat?) {
        self.layers = Dictionary(layers.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.writer = writer
        self.scale = scale
        self.format = format
    }

    public func makeWorker() -> any TileWarmingWorker { Worker(self) }

    private final class Worker: TileWarmingWorker {
        let warmer: ArchiveTileWarmer

        init(_ warmer: ArchiveTileWarmer) { self.warmer = warmer }

        func warm(_ item: TilePlan.Item, of extent: LayerExtent, turn: RenderTurn) -> TileOutcome {
            guard let layer = warmer.layers[extent.name] else { return .failed("no layer '\(extent.name)' is loaded") }
            guard let tile = item.tile.mercatorTile else { return .failed("archives hold WebMercatorQuad tiles") }
            guard layer.serves(item.tile) else { return .outside }
            if warmer.writer.contains(tile) { return .cached }
            guard turn.take() else { return .notStarted }
            let rendered: RenderedTile
            do {
                rendered = try layer.render(item.tile, scale: warmer.scale, format: warmer.format)
            } catch {
                return .failed("render failed: \(error)")
            }
            do {
                try warmer.writer.write(tile, rendered.data)
            } catch {
                return .failed("the archive did not take the tile: \(error)")
            }
            return .rendered(bytes: rendered.data.count)
        }
    }
}
