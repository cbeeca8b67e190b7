/// An area in longitude/latitude made of polygons with holes (a GeoJSON Polygon or
/// MultiPolygon): which pixels of a grid it holds, by their centres.
public struct AreaPolygons: Sendable, Hashable {
    /// Each polygon's rings: the outer ring first, then its holes.
    public let polygons: [[[Point]]]

    /// A longitude/latitude pair.
    public struct Point: Sendable, Hashable {
        public let longitude: Double
        public let latitude: Double

        public init(longitude: Double, latitude: Double) {
            self.longitude = longitude
            self.latitude = latitude
        }
    }

    public init(polygons: [[[Point]]]) {
        self.polygons = polygons
    }

    /// The rectangle `bounds` as an area.
    public init(_ bounds: GeoBounds) {
        let ring = [
            Point(longitude: bounds.west, latitude: bounds.south),
            Point(longitude: bounds.east, latitude: bounds.south),
            Point(longitude: bounds.east, latitude: bounds.north),
            Point(longitude: bounds.west, latitude: bounds.north),
            Point(longitude: bounds.west, latitude: bounds.south),
        ]
        self.init(polygons: [[ring]])
    }

    /// The box around every outer ring.
    public var bounds: GeoBounds {
        let points = polygons.flatMap { $0.first ?? [] }
        return GeoBounds(
            west: points.map(\.longitude).min() ?? 0, south: points.map(\.latitude).min() ?? 0,
            east: points.map(\.longitude).max() ?? 0, north: points.map(\.latitude).max() ?? 0)
    }

    /// Which pixels of `window` have their centre inside the area, row by row: a pixel is inside
    /// a polygon when a ray from its centre crosses the polygon's rings an odd number of times
    /// (so holes are left out), and inside the area when inside any polygon. The rings' vertices
    /// are projected onto the window's CRS; edges between them stay straight there, as GDAL's
    /// rasteriser takes a geometry transformed by OGR.
    public func mask(on window: GridWindow) throws(GDALError) -> [Bool] {
        let projection = try LonLatProjection(to: window.crs)
        let transform = window.transform
        var mask = [Bool](repeating: false, count: window.pixelCount)
        for polygon in polygons {
            // Every ring's edges, in the window's pixel coordinates.
            var edges = [(x0: Double, y0: Double, x1: Double, y1: Double)]()
            for ring in polygon {
                var x = ring.map(\.longitude)
                var y = ring.map(\.latitude)
                guard projection.project(x: &x, y: &y) else {
                    throw GDALError("placing the area on the grid", "a vertex cannot be projected to \(window.crs)")
                }
                let columns = x.map { ($0 - transform.originX) / transform.pixelWidth }
                let rows = y.map { ($0 - transform.originY) / transform.pixelHeight }
                for index in 1..<max(columns.count, 1) {
                    edges.append((columns[index - 1], rows[index - 1], columns[index], rows[index]))
                }
            }
            var crossings = [Double]()
            for row in 0..<window.height {
                let centre = Double(row) + 0.5
                crossings.removeAll(keepingCapacity: true)
                for edge in edges where (edge.y0 > centre) != (edge.y1 > centre) {
                    crossings.append(edge.x0 + (centre - edge.y0) * (edge.x1 - edge.x0) / (edge.y1 - edge.y0))
                }
                guard !crossings.isEmpty else { continue }
                crossings.sort()
                // Between crossings 0–1, 2–3, …: inside.
                var pair = 0
                while pair + 1 < crossings.count {
                    let first = max(0, Int((crossings[pair] - 0.5).rounded(.up)))
                    let last = min(window.width - 1, Int((crossings[pair + 1] - 0.5).rounded(.up)) - 1)
                    if first <= last {
                        let start = row * window.width
                        mask.withUnsafeMutableBufferPointer { mask in
                            UnsafeMutableBufferPointer(rebasing: mask[(start + first)...(start + last)])
                                .update(repeating: true)
                        }
                    }
                    pair += 2
                }
            }
        }
        return mask
    }
}
