import GeoToolzIO

/// Every tile a seeding run covers, in one fixed order: layer by layer (as given), zoom by zoom
/// (ascending), then rectangle by rectangle (a box or the whole data is one), row by row and
/// west to east within a rectangle.
///
/// Each layer at each zoom is a rectangle of tiles — the tiles sharing area with the layer's data
/// (within the requested box) — or, for polygons, a few rectangles per run of rows, so counting
/// and numbering are arithmetic: no list of tiles is ever built, and a plan of a billion tiles
/// costs a few bytes per rectangle.
public struct TilePlan: Sendable {
    /// One layer at one zoom: a rectangle of tiles.
    public struct Block: Sendable, Hashable {
        /// The layer, as an index into `layers`.
        public let layer: Int
        public let zoom: Int
        public let columns: ClosedRange<Int>
        public let rows: ClosedRange<Int>
        /// The plan position of the block's first tile (its north-west corner).
        public let start: Int

        /// Tiles in the block.
        public var count: Int { columns.count * rows.count }
        /// The block's plan positions.
        public var positions: Range<Int> { start..<(start + count) }
    }

    /// A tile of the plan.
    public struct Item: Sendable, Hashable {
        /// Its plan position.
        public let index: Int
        /// Its layer, as an index into `layers`.
        public let layer: Int
        public let tile: GridTile
    }

    /// The layers, in plan order.
    public let layers: [LayerExtent]
    /// The rectangles, in plan order; layers and zooms without tiles have none.
    public let blocks: [Block]
    /// Tiles in the plan.
    public let count: Int
    /// The tile matrix set the tiles belong to.
    public let grid: TileMatrixSet
    /// Where tiles are taken, besides the layers' data.
    public let coverage: PlanCoverage
    /// The blocks of each layer (by name) and zoom, for finding a tile's position.
    private let groups: [Group: Range<Int>]

    private struct Group: Hashable {
        let layer: String
        let zoom: Int
    }

    /// The tiles of `layers` in `grid` at `zooms` (each layer's own zoom range caps it) that share
    /// area with the layer's data and with `area` (nil: all of the data).
    public init(
        layers: [LayerExtent], zooms: ClosedRange<Int>, area: GeoBounds? = nil, grid: TileMatrixSet = .webMercatorQuad
    ) {
        self.init(layers: layers, zooms: zooms, coverage: area.map { .box($0) } ?? .everywhere, grid: grid)
    }

    /// The tiles of `layers` in `grid` at `zooms` (each layer's own zoom range caps it) that share
    /// area both with the layer's data and with `coverage`.
    ///
    /// A box or the whole data makes one rectangle per layer and zoom; polygons make a rectangle
    /// per run of rows their tiles cover alike.
    public init(layers: [LayerExtent], zooms: ClosedRange<Int>, coverage: PlanCoverage, grid: TileMatrixSet) {
        self.layers = layers
        self.grid = grid
        self.coverage = coverage
        var blocks = [Block]()
        var next = 0
        for (index, layer) in layers.enumerated() {
            guard zooms.overlaps(layer.zooms) else { continue }
            var bounds = layer.bounds
            if case .box(let box) = coverage {
                guard let both = box.mercator.intersection(layer.bounds) else { continue }
                bounds = both
            }
            // The extent in the grid's CRS: EPSG:3857 metres, or longitude/latitude.
            let geographic = bounds.geographic
            let extent =
                grid.crs.isWebMercator
                ? GridBounds(bounds)
                : GridBounds(
                    minX: geographic.west, minY: geographic.south, maxX: geographic.east, maxY: geographic.north)
            for zoom in zooms.clamped(to: layer.zooms) {
                guard let range = grid.tiles(covering: extent, zoom: zoom) else { continue }
                let within = TileRectangle(columns: range.x, rows: range.y)
                // Polygons take, of the tiles sharing area with the data, those sharing area with them.
                let rectangles: [TileRectangle]
                if case .polygons(let area) = coverage {
                    rectangles = grid.tiles(of: area, zoom: zoom, within: within)
                } else {
                    rectangles = [within]
                }
                for rectangle in rectangles {
                    let block = Block(
                        layer: index, zoom: zoom, columns: rectangle.columns, rows: rectangle.rows, start: next)
                    blocks.append(block)
                    next += block.count
                }
            }
        }
        self.blocks = blocks
        self.count = next
        var groups = [Group: Range<Int>]()
        for (position, block) in blocks.enumerated() {
            let group = Group(layer: layers[block.layer].name, zoom: block.zoom)
            // A name given twice keeps its first layer's blocks, as lookups by name always did.
            if let range = groups[group] {
                if range.upperBound == position { groups[group] = range.lowerBound..<(position + 1) }
            } else {
                groups[group] = position..<(position + 1)
            }
        }
        self.groups = groups
    }

    /// The tile at plan position `index`, 0..<`count`.
    public func item(at index: Int) -> Item {
        precondition((0..<count).contains(index), "plan position \(index) is outside 0..<\(count)")
        // The last block starting at or before `index`.
        var low = 0
        var high = blocks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if blocks[middle].start <= index { low = middle } else { high = middle - 1 }
        }
        let block = blocks[low]
        let offset = index - block.start
        let width = block.columns.count
        // In range by construction: the block lies inside the tile matrix.
        let tile = try! GridTile(
            grid, zoom: block.zoom, x: block.columns.lowerBound + offset % width,
            y: block.rows.lowerBound + offset / width)
        return Item(index: index, layer: block.layer, tile: tile)
    }

    /// The plan position of `tile` of the layer called `layer`; nil when the plan does not hold it.
    public func index(layer: String, tile: GridTile) -> Int? {
        guard tile.grid == grid, let range = groups[Group(layer: layer, zoom: tile.zoom)] else { return nil }
        // The blocks of a layer and zoom run by first row: the last starting at or above the tile's
        // row, then those beside it (polygons put several rectangles side by side on the same rows).
        var low = range.lowerBound
        var high = range.upperBound - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if blocks[middle].rows.lowerBound <= tile.y { low = middle } else { high = middle - 1 }
        }
        let firstRow = blocks[low].rows.lowerBound
        for block in blocks[range.lowerBound...low].reversed() {
            guard block.rows.lowerBound == firstRow else { break }
            guard block.columns.contains(tile.x), block.rows.contains(tile.y) else { continue }
            return block.start + (tile.y - block.rows.lowerBound) * block.columns.count
                + (tile.x - block.columns.lowerBound)
        }
        return nil
    }

    /// How many of `shard`'s tiles each block holds, in plan order.
    public func counts(in shard: Shard) -> [(block: Block, tiles: Int)] {
        blocks.map { ($0, shard.count(in: $0.positions)) }
    }
}
