import Foundation
import GeoToolz
import GeoToolzIO

/// A tile showing where and how much two layers' values differ: new − old of the first band
/// through a diverging colormap (`RdBu_r`: red where the new version is higher, blue where it is
/// lower, white where equal), symmetric around 0. Pixels with data in neither version are
/// transparent; pixels with data in one only take `lostData` (old only) or `gainedData` (new only).
public enum DifferenceTile {
    /// The diverging colormap.
    public static let colormap = "RdBu_r"
    /// The colour of pixels valid in the old version only.
    public static let lostData: [UInt8] = [0, 0, 0, 255]
    /// The colour of pixels valid in the new version only.
    public static let gainedData: [UInt8] = [255, 0, 255, 255]

    /// The difference tile of `tile` as PNG bytes, `scale` × 256 pixels a side (1 or 2); `range`
    /// sets the colour scale to ±range (nil: ±the tile's largest |difference|).
    public static func render(
        old: Layer, new: Layer, tile: GridTile, scale: Int = 1, range: Double? = nil,
        encoder: PNGEncoder = PNGEncoder()
    ) throws -> Data {
        guard Layer.scales.contains(scale) else {
            throw DiffError("the tile scale must be within \(Layer.scales), found \(scale)")
        }
        let before = try TileRender(old, tile: tile, scale: scale)
        let after = try TileRender(new, tile: tile, scale: scale)
        return try encoder.encode(try image(old: before.values, new: after.values, range: range)).data
    }

    /// The difference image of two versions' values over one window, as a 4-band RGBA tensor the
    /// PNG encoder takes.
    public static func image(old: GeoTensor, new: GeoTensor, range: Double? = nil) throws -> GeoTensor {
        if let range, !(range.isFinite && range > 0 && range <= Double(Float.greatestFiniteMagnitude)) {
            throw DiffError("the difference range must be a finite number > 0, found \(range)")
        }
        guard old.width == new.width, old.height == new.height else {
            throw DiffError("the versions cover \(old.width)×\(old.height) and \(new.width)×\(new.height) pixels")
        }
        let pixels = old.pixelCount
        let oldValid = ValueMetrics.validity(old)
        let newValid = ValueMetrics.validity(new)
        var difference = [Float](repeating: .nan, count: pixels)
        var largest: Float = 0
        for pixel in 0..<pixels where oldValid[pixel] && newValid[pixel] {
            let value = new.values[pixel] - old.values[pixel]
            difference[pixel] = value
            largest = max(largest, abs(value))
        }
        // A tile without differences still shows its equal pixels in the middle colour.
        let scale = range.map { Float($0) } ?? (largest > 0 && largest.isFinite ? largest : 1)
        let colours = try Colormap(name: colormap, vmin: -Double(scale), vmax: Double(scale))
            .apply(new.replacing(bands: 1, values: difference))
        let palette = colours.palette?.rgba ?? []
        var rgba = [UInt8](repeating: 0, count: 4 * pixels)
        for pixel in 0..<pixels {
            let colour: ArraySlice<UInt8>
            switch (oldValid[pixel], newValid[pixel]) {
            case (true, true):
                let index = colours.values[pixel]
                guard index.isFinite else { continue }
                let entry = 4 * Int(index.rounded())
                colour = palette[entry..<(entry + 4)]
            case (true, false): colour = lostData[...]
            case (false, true): colour = gainedData[...]
            case (false, false): continue
            }
            for (channel, byte) in colour.enumerated() { rgba[4 * pixel + channel] = byte }
        }
        var image = RGBATensor.make(rgba, width: old.width, height: old.height)
        (image.transform, image.crs) = (new.transform, new.crs)
        return image
    }
}
