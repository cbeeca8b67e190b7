/// An affine map from pixel (column, row) to georeferenced (x, y) coordinates,
/// in GDAL's order: `x = a + col·b + row·c`, `y = d + col·e + row·f`.
public struct GeoTransform: Sendable, Hashable {
    /// X of the upper-left corner of the upper-left pixel.
    public var originX: Double
    /// Pixel width (x step per column).
    public var pixelWidth: Double
    /// Row rotation (x step per row); 0 for north-up rasters.
    public var rowRotation: Double
    /// Y of the upper-left corner of the upper-left pixel.
    public var originY: Double
    /// Column rotation (y step per column); 0 for north-up rasters.
    public var columnRotation: Double
    /// Pixel height (y step per row); negative for north-up rasters.
    public var pixelHeight: Double

    /// Creates a transform from its six coefficients in GDAL's order.
    public init(
        originX: Double, pixelWidth: Double, rowRotation: Double = 0,
        originY: Double, columnRotation: Double = 0, pixelHeight: Double
    ) {
        self.originX = originX
        self.pixelWidth = pixelWidth
        self.rowRotation = rowRotation
        self.originY = originY
        self.columnRotation = columnRotation
        self.pixelHeight = pixelHeight
    }

    /// Creates a transform from GDAL's six-double array.
    public init(gdal c: [Double]) {
        precondition(c.count == 6, "a geotransform has six coefficients")
        self.init(
            originX: c[0], pixelWidth: c[1], rowRotation: c[2],
            originY: c[3], columnRotation: c[4], pixelHeight: c[5])
    }

    /// The identity transform: pixel coordinates are map coordinates (y down).
    public static let identity = GeoTransform(originX: 0, pixelWidth: 1, originY: 0, pixelHeight: 1)

    /// The six coefficients in GDAL's order.
    public var coefficients: [Double] {
        [originX, pixelWidth, rowRotation, originY, columnRotation, pixelHeight]
    }

    /// The map coordinates of a (fractional) pixel position.
    public func apply(column: Double, row: Double) -> (x: Double, y: Double) {
        (
            originX + column * pixelWidth + row * rowRotation,
            originY + column * columnRotation + row * pixelHeight
        )
    }

    /// The transform of the window that starts `columns`/`rows` pixels in (negative values pad outwards).
    public func offset(columns: Int, rows: Int) -> GeoTransform {
        let origin = apply(column: Double(columns), row: Double(rows))
        var moved = self
        moved.originX = origin.x
        moved.originY = origin.y
        return moved
    }
}
