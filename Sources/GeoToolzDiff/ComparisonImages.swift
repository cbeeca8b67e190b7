import Foundation
import GeoToolz
import GeoToolzIO

/// Pictures of a compared tile for people to look at: the two versions side by side
/// (`z-x-y-side.png`, old left, new right) and the difference tile (`z-x-y-diff.png`).
public struct ComparisonImages: Sendable {
    /// The folder written to; made when missing.
    public let directory: String
    public let encoder: PNGEncoder

    public init(directory: String, encoder: PNGEncoder = PNGEncoder()) {
        self.directory = directory
        self.encoder = encoder
    }

    /// Writes both images of `tile`; gives the files written.
    @discardableResult
    public func write(tile: GridTile, old: TileRender, new: TileRender) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let stem = (directory as NSString).appendingPathComponent("\(tile.zoom)-\(tile.x)-\(tile.y)")
        let side = try sideBySide(old.shown, new.shown)
        let difference = try DifferenceTile.image(old: old.values, new: new.values)
        var written = [String]()
        for (suffix, image) in [("side", side), ("diff", difference)] {
            let file = "\(stem)-\(suffix).png"
            try encoder.encode(image).data.write(to: URL(fileURLWithPath: file))
            written.append(file)
        }
        return written
    }

    /// The two shown tiles as one image, old left of new.
    private func sideBySide(_ old: GeoTensor, _ new: GeoTensor) throws -> GeoTensor {
        let (left, right) = (try old.rgbaPixels(), try new.rgbaPixels())
        let (width, height) = (old.width, old.height)
        var rgba = [UInt8](repeating: 0, count: 8 * width * height)
        for row in 0..<height {
            let source = 4 * row * width
            let target = 8 * row * width
            rgba.replaceSubrange(target..<(target + 4 * width), with: left[source..<(source + 4 * width)])
            rgba.replaceSubrange(
                (target + 4 * width)..<(target + 8 * width), with: right[source..<(source + 4 * width)])
        }
        return RGBATensor.make(rgba, width: 2 * width, height: height)
    }
}
