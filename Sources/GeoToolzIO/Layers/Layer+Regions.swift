import GeoToolz

/// Reads of a layer over areas other than tiles: a box in any CRS, the whole layer, a source's
/// own pixels over an area. They go through the layer's sources and pipeline as tiles do; their
/// warp state is made per read, since each has a size of its own.
extension Layer {
    /// Reads `window` (any CRS) padded by the pipeline's halo, runs the pipeline and crops the
    /// padding off: the pixels an image of the window is encoded from.
    public func process(_ window: GridWindow) throws -> GeoTensor {
        var timings = RenderTimings()
        return try process(window, through: pipeline, reusable: false, timings: &timings)
    }

    /// The values of `window` (any CRS) before the final colormap (`valuePipeline`), read and
    /// cropped as `process` does: what a GeoTIFF of the window holds.
    public func values(_ window: GridWindow) throws -> GeoTensor {
        var timings = RenderTimings()
        return try process(window, through: valuePipeline, reusable: false, timings: &timings)
    }

    /// The values over a window laid on a source's own pixels, that source read from the grid's
    /// level: the pipeline's values at the source's resolution.
    public func values(_ grid: NativeGrid) throws -> GeoTensor {
        var timings = RenderTimings()
        return try process(
            grid.window, through: valuePipeline, reusable: false, level: (grid.path, grid.level), timings: &timings)
    }

    /// Reads the sources over `window` (any CRS), in the order the pipeline takes them.
    public func read(_ window: GridWindow) throws -> [GeoTensor] {
        try read(window, reusable: false)
    }

    /// What the layer has for `window`, known without reading: nothing, data, or — for a
    /// mosaic without an overview — more files than a read may warp.
    public func coverage(of window: GridWindow) -> TileCoverage {
        guard let area = window.mercatorFootprint, mercatorBounds.intersects(area) else { return .outside }
        // An archive holds WebMercatorQuad tiles wherever its bounds reach.
        if archive != nil { return window.crs.isWebMercator ? .data : .outside }
        let readArea = window.padded(by: halo).mercatorFootprint ?? area
        var coverage = TileCoverage.outside
        for input in inputs {
            switch input.coverage(of: area, reading: readArea) {
            case .data where coverage == .outside: coverage = .data
            case .tooManyFiles(let files): return .tooManyFiles(files)
            default: break
            }
        }
        return coverage
    }

    /// A window over `area` laid on the pixels of the layer's first source (for a mosaic, of
    /// the first file the area touches), in its CRS: of its full raster when that reads at most
    /// `maxPixels` pixels, else of the finest overview that does. The window is cut to the
    /// raster's extent.
    public func nativeGrid(over area: GeoBounds, maxPixels: Int) throws(GridError) -> NativeGrid {
        guard archive == nil else { throw .storedTilesOnly(name) }
        let info: RasterSourceInfo
        if let reader = inputs[0].reader {
            info = reader.info
        } else if let mosaic = inputs[0].mosaic {
            let touched = mosaic.files(touching: area.mercator)
            guard let first = touched.first else { throw .outside }
            info = mosaic.descriptions[first]
        } else {
            throw .outside
        }
        let geo = info.transform
        guard geo.rowRotation == 0, geo.columnRotation == 0, geo.pixelWidth > 0, geo.pixelHeight < 0 else {
            throw .unprojectable("the source's grid is not north-up")
        }
        let crs = GridCRS(wkt: info.crsWKT)
        let box: GridBounds?
        do {
            box = try LonLatProjection(to: crs).bounds(area)
        } catch {
            throw .unprojectable(error.description)
        }
        guard let box else { throw .unprojectable("the area has no place in the source's CRS") }
        // The area in full-resolution pixels (fractional), then on each level's pixels.
        let left = (box.minX - geo.originX) / geo.pixelWidth
        let right = (box.maxX - geo.originX) / geo.pixelWidth
        let top = (box.maxY - geo.originY) / geo.pixelHeight
        let bottom = (box.minY - geo.originY) / geo.pixelHeight
        let levels: [(SourceLevel, width: Int, height: Int)] =
            [(.fullResolution, info.width, info.height)]
            + zip(info.overviewWidths, info.overviewHeights).enumerated().map { (.overview($0), $1.0, $1.1) }
        var needed = 0
        for (level, width, height) in levels {
            let scaleX = Double(info.width) / Double(width)
            let scaleY = Double(info.height) / Double(height)
            let column = max(0, Int((left / scaleX).rounded(.down)))
            let lastColumn = min(width, Int((right / scaleX).rounded(.up)))
            let row = max(0, Int((top / scaleY).rounded(.down)))
            let lastRow = min(height, Int((bottom / scaleY).rounded(.up)))
            guard lastColumn > column, lastRow > row else { throw .outside }
            needed = (lastColumn - column) * (lastRow - row)
            guard needed <= maxPixels else { continue }
            let pixelWidth = geo.pixelWidth * scaleX
            let pixelHeight = geo.pixelHeight * scaleY
            let window = GridWindow(
                crs: crs,
                bounds: GridBounds(
                    minX: geo.originX + Double(column) * pixelWidth, minY: geo.originY + Double(lastRow) * pixelHeight,
                    maxX: geo.originX + Double(lastColumn) * pixelWidth, maxY: geo.originY + Double(row) * pixelHeight),
                width: lastColumn - column, height: lastRow - row)
            return NativeGrid(window: window, level: level, column: column, row: row, path: info.path)
        }
        throw .tooManyPixels(pixels: needed, limit: maxPixels)
    }

    /// Reads the sources over `grid`, the source whose grid it is from the grid's own level.
    public func read(_ grid: NativeGrid) throws -> [GeoTensor] {
        try read(grid.window, reusable: false, level: (grid.path, grid.level))
    }

    /// What each band of the sources is, in the order `read` gives them: the source (its
    /// input name, if the pipeline names them) and the file's band number.
    public var sourceBands: [(source: String?, band: Int)] {
        inputs.flatMap { input in
            input.mosaic?.options.method == .count
                ? [(input.source.input, 0)] : input.bands.map { (input.source.input, $0) }
        }
    }
}
