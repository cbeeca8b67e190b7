/// A rectangle of tiles at one zoom: inclusive column and row ranges.
public struct TileRectangle: Sendable, Hashable {
    public let columns: ClosedRange<Int>
    public let rows: ClosedRange<Int>

    public init(columns: ClosedRange<Int>, rows: ClosedRange<Int>) {
        self.columns = columns
        self.rows = rows
    }

    /// Tiles in the rectangle.
    public var count: Int { columns.count * rows.count }
}

extension TileMatrixSet {
    /// The tiles at `zoom` that share area with `area` (edges straight in longitude/latitude,
    /// as RFC 7946 draws them) and lie within `within`, as rectangles ordered by their first row,
    /// then their first column. Consecutive rows covered alike are one rectangle.
    ///
    /// Every tile of this grid is a longitude/latitude rectangle, so the test is exact: row by row,
    /// the longitudes the area holds within the row's latitude band are the spans of the ring
    /// edges crossing the band, joined by the gaps between them that lie inside the area. A tile
    /// that only touches the area along an edge or at a corner shares no area with it.
    public func tiles(of area: AreaPolygons, zoom: Int, within: TileRectangle) -> [TileRectangle] {
        let edges = AreaEdges(area)
        guard let box = edges.bounds else { return [] }
        let size = matrixSize(zoom: zoom)
        // The rows the area's latitudes reach, within `within`.
        let north = row(ofLatitude: box.north, zoom: zoom, rows: size.rows)
        let south = row(ofLatitude: box.south, zoom: zoom, rows: size.rows)
        let first = max(north, within.rows.lowerBound)
        let last = min(south, within.rows.upperBound)
        guard first <= last else { return [] }

        var rectangles = [TileRectangle]()
        // The rectangles still growing: one per span of the previous row.
        var open = [(columns: ClosedRange<Int>, firstRow: Int)]()
        var sweep = edges.sweep()
        var spans = [ClosedRange<Int>]()
        for row in first...last {
            let band = latitudes(ofRow: row, zoom: zoom)
            let longitudes = sweep.longitudes(south: band.south, north: band.north)
            spans.removeAll(keepingCapacity: true)
            for interval in longitudes {
                guard let columns = self.columns(of: interval, zoom: zoom, within: within.columns) else { continue }
                if let previous = spans.last, columns.lowerBound <= previous.upperBound + 1 {
                    spans[spans.count - 1] = previous.lowerBound...max(previous.upperBound, columns.upperBound)
                } else {
                    spans.append(columns)
                }
            }
            if spans.elementsEqual(open.map(\.columns)) { continue }
            for rectangle in open {
                rectangles.append(TileRectangle(columns: rectangle.columns, rows: rectangle.firstRow...(row - 1)))
            }
            open = spans.map { ($0, row) }
        }
        for rectangle in open {
            rectangles.append(TileRectangle(columns: rectangle.columns, rows: rectangle.firstRow...last))
        }
        return rectangles.sorted {
            ($0.rows.lowerBound, $0.columns.lowerBound) < ($1.rows.lowerBound, $1.columns.lowerBound)
        }
    }

    /// The latitudes of row `row`'s southern and northern edges.
    func latitudes(ofRow row: Int, zoom: Int) -> (south: Double, north: Double) {
        let edges = bounds(zoom: zoom, x: 0, y: row)
        guard crs.isWebMercator else { return (edges.minY, edges.maxY) }
        return (
            WebMercatorQuad.lonLat(x: 0, y: edges.minY).latitude, WebMercatorQuad.lonLat(x: 0, y: edges.maxY).latitude
        )
    }

    /// The row holding `latitude`, clamped to the matrix.
    private func row(ofLatitude latitude: Double, zoom: Int, rows: Int) -> Int {
        let y =
            crs.isWebMercator
            ? WebMercatorQuad.mercator(longitude: 0, latitude: min(max(latitude, -89.999_999), 89.999_999)).y
            : latitude
        let index = Int(((world.maxY - y) / tileSpan(zoom: zoom).height).rounded(.down))
        return min(max(index, 0), rows - 1)
    }

    /// The columns within `within` that share more than an edge with the longitudes `interval`.
    private func columns(of interval: ClosedRange<Double>, zoom: Int, within: ClosedRange<Int>) -> ClosedRange<Int>? {
        guard interval.lowerBound < interval.upperBound else { return nil }
        let width = tileSpan(zoom: zoom).width
        let west = longitudeInGrid(interval.lowerBound) - world.minX
        let east = longitudeInGrid(interval.upperBound) - world.minX
        let first = max(Int((west / width).rounded(.down)), within.lowerBound)
        let last = min(Int((east / width).rounded(.up)) - 1, within.upperBound)
        return first <= last ? first...last : nil
    }

    /// A longitude in the grid's x units.
    private func longitudeInGrid(_ longitude: Double) -> Double {
        crs.isWebMercator ? WebMercatorQuad.mercator(longitude: longitude, latitude: 0).x : longitude
    }
}

/// The ring edges of an area, for sweeping its rows from north to south.
private struct AreaEdges {
    struct Edge {
        let x0, y0, x1, y1: Double
        var south: Double { min(y0, y1) }
        var north: Double { max(y0, y1) }
    }

    /// Every polygon's edges, tagged with the polygon they belong to: the inside test is per polygon.
    let edges: [(polygon: Int, edge: Edge)]

    init(_ area: AreaPolygons) {
        var edges = [(polygon: Int, edge: Edge)]()
        for (index, polygon) in area.polygons.enumerated() {
            for ring in polygon where ring.count >= 2 {
                for i in 1..<ring.count {
                    let a = ring[i - 1]
                    let b = ring[i]
                    guard a != b else { continue }
                    edges.append((index, Edge(x0: a.longitude, y0: a.latitude, x1: b.longitude, y1: b.latitude)))
                }
            }
        }
        self.edges = edges
    }

    /// The box around every edge; nil without edges.
    var bounds: GeoBounds? {
        guard !edges.isEmpty else { return nil }
        var box = GeoBounds(west: .infinity, south: .infinity, east: -.infinity, north: -.infinity)
        for (_, edge) in edges {
            box.west = min(box.west, edge.x0, edge.x1)
            box.east = max(box.east, edge.x0, edge.x1)
            box.south = min(box.south, edge.south)
            box.north = max(box.north, edge.north)
        }
        return box
    }

    func sweep() -> Sweep { Sweep(edges) }

    /// Bands taken from north to south; keeps the edges that may cross the current band.
    struct Sweep {
        /// Edges by northern end, highest first.
        private let byNorth: [(polygon: Int, edge: Edge)]
        private var next = 0
        private var active = [(polygon: Int, edge: Edge)]()
        private var intervals = [ClosedRange<Double>]()

        init(_ edges: [(polygon: Int, edge: Edge)]) {
            byNorth = edges.sorted { $0.edge.north > $1.edge.north }
        }

        /// The longitudes the area holds strictly between latitudes `south` and `north`, as
        /// sorted, disjoint intervals. Bands must come north to south.
        mutating func longitudes(south: Double, north: Double) -> [ClosedRange<Double>] {
            // Edges reaching into the band from the north join; those wholly north of it leave.
            while next < byNorth.count, byNorth[next].edge.north > south {
                active.append(byNorth[next])
                next += 1
            }
            active.removeAll { $0.edge.south >= north }
            // The longitudes of each edge's part strictly inside the band.
            intervals.removeAll(keepingCapacity: true)
            for (_, edge) in active where edge.south < north && edge.north > south {
                intervals.append(Self.span(of: edge, south: south, north: north))
            }
            guard !intervals.isEmpty else { return [] }
            intervals.sort { $0.lowerBound < $1.lowerBound }
            var merged = [intervals[0]]
            for interval in intervals.dropFirst() {
                let last = merged[merged.count - 1]
                if interval.lowerBound <= last.upperBound {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, interval.upperBound)
                } else {
                    merged.append(interval)
                }
            }
            // A gap no edge crosses lies wholly inside or wholly outside: its middle decides.
            let middle = (south + north) / 2
            var joined = [merged[0]]
            for interval in merged.dropFirst() {
                let last = joined[joined.count - 1]
                if inside(longitude: (last.upperBound + interval.lowerBound) / 2, latitude: middle) {
                    joined[joined.count - 1] = last.lowerBound...interval.upperBound
                } else {
                    joined.append(interval)
                }
            }
            return joined
        }

        /// Whether a point is inside some polygon: a ray from it crosses that polygon's rings an
        /// odd number of times. Only edges crossing the band can cross a ray within it.
        private func inside(longitude: Double, latitude: Double) -> Bool {
            var crossings = [Int: Int]()
            for (polygon, edge) in active where (edge.y0 > latitude) != (edge.y1 > latitude) {
                let x = edge.x0 + (latitude - edge.y0) * (edge.x1 - edge.x0) / (edge.y1 - edge.y0)
                if x > longitude { crossings[polygon, default: 0] += 1 }
            }
            return crossings.values.contains { $0 % 2 == 1 }
        }

        /// The longitudes of `edge` clipped to the latitudes `south`…`north`.
        private static func span(of edge: Edge, south: Double, north: Double) -> ClosedRange<Double> {
            guard edge.y0 != edge.y1 else { return min(edge.x0, edge.x1)...max(edge.x0, edge.x1) }
            func longitude(at latitude: Double) -> Double {
                let clamped = min(max(latitude, edge.south), edge.north)
                return edge.x0 + (clamped - edge.y0) * (edge.x1 - edge.x0) / (edge.y1 - edge.y0)
            }
            let a = longitude(at: south)
            let b = longitude(at: north)
            return min(a, b)...max(a, b)
        }
    }
}
