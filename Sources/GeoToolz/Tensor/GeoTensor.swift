/// The value every operator consumes and produces: a georeferenced stack of Float32 bands.
///
/// Values are band-major and contiguous (`values[(band · height + row) · width + column]`).
/// Nodata is NaN: a pixel is invalid where any band is not finite. Storage is a Swift array,
/// so copies are copy-on-write and passing a tensor through a pipeline copies nothing.
public struct GeoTensor: Sendable {
    /// Number of bands.
    public let bands: Int
    /// Number of rows.
    public let height: Int
    /// Number of columns.
    public let width: Int
    /// The pixel values, band-major; `count == bands · height · width`.
    public private(set) var values: [Float]
    /// Pixel → map coordinates of this window.
    public var transform: GeoTransform
    /// The coordinate reference system (e.g. `EPSG:3857`, or WKT).
    public var crs: String
    /// The palette this tensor's single band indexes, when it is the output of a colormap.
    public var palette: Palette?
    /// Quality-control warnings raised while producing this tensor; the caller reports them.
    public var warnings: [String]

    /// Creates a tensor from its values; `values.count` must equal `bands · height · width`.
    public init(
        bands: Int, height: Int, width: Int, values: [Float],
        transform: GeoTransform = .identity, crs: String = "",
        palette: Palette? = nil, warnings: [String] = []
    ) {
        precondition(bands >= 0 && height >= 0 && width >= 0, "tensor dimensions cannot be negative")
        precondition(values.count == bands * height * width, "values do not match the shape")
        self.bands = bands
        self.height = height
        self.width = width
        self.values = values
        self.transform = transform
        self.crs = crs
        self.palette = palette
        self.warnings = warnings
    }

    /// Creates a tensor of the given shape with every value set to `value`.
    public init(
        bands: Int, height: Int, width: Int, repeating value: Float,
        transform: GeoTransform = .identity, crs: String = ""
    ) {
        self.init(
            bands: bands, height: height, width: width,
            values: [Float](repeating: value, count: bands * height * width),
            transform: transform, crs: crs)
    }

    /// Pixels per band.
    @inlinable public var pixelCount: Int { height * width }

    /// The value of one band at one pixel.
    public subscript(band: Int, row: Int, column: Int) -> Float {
        get { values[(band * height + row) * width + column] }
        set { values[(band * height + row) * width + column] = newValue }
    }

    /// The values of one band, as a contiguous slice.
    public func band(_ index: Int) -> ArraySlice<Float> {
        values[index * pixelCount..<(index + 1) * pixelCount]
    }

    /// Whether every band is finite at this pixel.
    public func isValid(row: Int, column: Int) -> Bool {
        let offset = row * width + column
        for band in 0..<bands where !values[band * pixelCount + offset].isFinite { return false }
        return true
    }

    /// The fraction of pixels that are valid in every band (1 for an empty tensor).
    public var validFraction: Double {
        guard pixelCount > 0 else { return 1 }
        var valid = 0
        for row in 0..<height {
            for column in 0..<width where isValid(row: row, column: column) { valid += 1 }
        }
        return Double(valid) / Double(pixelCount)
    }

    /// Gives direct mutable access to the values, without copying when the storage is unique.
    public mutating func withUnsafeMutableValues<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        try values.withUnsafeMutableBufferPointer(body)
    }

    /// A tensor with the same georeferencing, palette-free, holding new values of a new band count.
    public func replacing(bands newBands: Int, values newValues: [Float]) -> GeoTensor {
        GeoTensor(
            bands: newBands, height: height, width: width, values: newValues,
            transform: transform, crs: crs, warnings: warnings)
    }

    /// The window `margin` pixels in from every edge: undoes the padding of a halo read.
    public func cropped(by margin: Int) -> GeoTensor {
        guard margin > 0 else { return self }
        precondition(2 * margin <= min(height, width), "cannot crop more than the tensor holds")
        let newHeight = height - 2 * margin
        let newWidth = width - 2 * margin
        var out = [Float]()
        out.reserveCapacity(bands * newHeight * newWidth)
        for band in 0..<bands {
            for row in margin..<(margin + newHeight) {
                let start = (band * height + row) * width + margin
                out.append(contentsOf: values[start..<(start + newWidth)])
            }
        }
        return GeoTensor(
            bands: bands, height: newHeight, width: newWidth, values: out,
            transform: transform.offset(columns: margin, rows: margin), crs: crs,
            palette: palette, warnings: warnings)
    }
}

extension GeoTensor: Equatable {
    /// Equal when shape, georeferencing, palette, warnings and values agree,
    /// with NaN (nodata) equal to NaN: two renders of the same empty pixel are the same render.
    public static func == (lhs: GeoTensor, rhs: GeoTensor) -> Bool {
        guard lhs.bands == rhs.bands, lhs.height == rhs.height, lhs.width == rhs.width,
            lhs.transform == rhs.transform, lhs.crs == rhs.crs,
            lhs.palette == rhs.palette, lhs.warnings == rhs.warnings
        else { return false }
        return zip(lhs.values, rhs.values).allSatisfy { a, b in a == b || (a.isNaN && b.isNaN) }
    }
}
