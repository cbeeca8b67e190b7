/// The zoom from which a mosaic's tiles need few enough files.
enum MosaicZooms {
    /// Tile-file pairs counted before giving up on finding the zoom exactly: a bound on load
    /// time when files are stacked so deep that no zoom is under the limit.
    static let countingBudget = 4_000_000

    /// The shallowest zoom ≤ `maxZoom` at which no 256-pixel tile, padded by `halo` pixels,
    /// touches more than `limit` of `footprints`; `maxZoom` when none is (or the count would
    /// take too long to find it).
    static func shallowest(limit: Int, footprints: [MercatorBounds], halo: Int, maxZoom: Int) -> Int {
        var budget = countingBudget
        for zoom in 0..<maxZoom {
            let margin = Double(halo) * WebMercatorQuad.resolution(zoom: zoom)
            var counts = [Int: Int]()
            var over = false
            counting: for footprint in footprints {
                guard let tiles = WebMercatorQuad.tiles(covering: footprint.expanded(by: margin), zoom: zoom) else {
                    continue
                }
                budget -= tiles.x.count * tiles.y.count
                if budget < 0 { return zoom }
                for x in tiles.x {
                    for y in tiles.y {
                        let key = x << 32 | y
                        let count = counts[key, default: 0] + 1
                        counts[key] = count
                        if count > limit {
                            over = true
                            break counting
                        }
                    }
                }
            }
            if !over { return zoom }
        }
        return maxZoom
    }
}

extension MosaicSource {
    /// The shallowest zoom whose tiles (padded by `halo` pixels) each need at most
    /// `max_files_per_tile` files, for a layer that sets no `minzoom`; nil with an overview,
    /// which serves the shallow zooms.
    public func firstZoomWithinLimit(halo: Int, maxZoom: Int) -> Int? {
        guard options.overview == nil else { return nil }
        return MosaicZooms.shallowest(
            limit: options.maxFilesPerTile, footprints: descriptions.map(\.mercatorBounds), halo: halo,
            maxZoom: maxZoom)
    }
}
