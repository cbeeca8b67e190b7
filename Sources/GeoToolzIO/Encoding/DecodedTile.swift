import CGDAL
import Foundation

/// A tile's pixels, decoded from its PNG, WebP or JPEG bytes by GDAL: 8-bit samples, band-major.
/// For comparing two renders of a tile pixel by pixel.
public struct DecodedTile: Sendable, Hashable {
    public let width: Int
    public let height: Int
    /// Bands as stored: 1 (grey), 2 (grey + alpha), 3 (RGB) or 4 (RGBA).
    public let bands: Int
    /// `bands` planes of `width × height` samples.
    public let samples: [UInt8]

    /// Decodes `data` from memory; only the image drivers may open it.
    public init(_ data: Data) throws(GDALError) {
        let path = "/vsimem/geotoolz-decode-\(UUID().uuidString)"
        var bytes = [UInt8](data)
        let count = bytes.count
        // GDAL reads the buffer in place and does not own it: `bytes` outlives the dataset.
        let decoded: (Int, Int, Int, [UInt8]) = try bytes.withUnsafeMutableBufferPointer { buffer throws(GDALError) in
            guard let file = VSIFileFromMemBuffer(path, buffer.baseAddress, vsi_l_offset(count), 0) else {
                throw GDALError("decoding a tile", "cannot make an in-memory file")
            }
            VSIFCloseL(file)
            defer { VSIUnlink(path) }
            let dataset = try DatasetHandle.open(path, drivers: ["PNG", "WEBP", "JPEG"])
            let (width, height, bands) = (dataset.width, dataset.height, Int(GDALGetRasterCount(dataset.pointer)))
            var samples = [UInt8](repeating: 0, count: width * height * bands)
            try GDALRuntime.check("decoding a \(width)×\(height) tile") {
                GDALDatasetRasterIO(
                    dataset.pointer, GF_Read, 0, 0, Int32(width), Int32(height), &samples, Int32(width),
                    Int32(height), GDT_Byte, Int32(bands), nil, 0, 0, 0)
            }
            // A palette PNG holds indices: compare colours, not indices into two palettes.
            if bands == 1, let table = GDALGetRasterColorTable(GDALGetRasterBand(dataset.pointer, 1)) {
                return (width, height, 4, Self.expand(samples, through: table))
            }
            return (width, height, bands, samples)
        }
        (width, height, bands, samples) = decoded
    }

    /// Palette indices as four RGBA planes.
    private static func expand(_ indices: [UInt8], through table: GDALColorTableH) -> [UInt8] {
        let entries = Int(GDALGetColorEntryCount(table))
        var colours = [[UInt8]](repeating: [0, 0, 0, 0], count: 256)
        for index in 0..<min(entries, 256) {
            if let entry = GDALGetColorEntry(table, Int32(index))?.pointee {
                colours[index] = [
                    UInt8(clamping: entry.c1), UInt8(clamping: entry.c2), UInt8(clamping: entry.c3),
                    UInt8(clamping: entry.c4),
                ]
            }
        }
        let plane = indices.count
        var rgba = [UInt8](repeating: 0, count: plane * 4)
        for (pixel, index) in indices.enumerated() {
            for band in 0..<4 { rgba[band * plane + pixel] = colours[Int(index)][band] }
        }
        return rgba
    }

    /// The share of pixels, 0…1, where any band differs from `other`'s; 1 when the two differ in
    /// size or bands.
    public func changedFraction(from other: DecodedTile) -> Double {
        guard width == other.width, height == other.height, bands == other.bands, width * height > 0 else { return 1 }
        let plane = width * height
        var changed = 0
        for pixel in 0..<plane {
            for band in 0..<bands where samples[band * plane + pixel] != other.samples[band * plane + pixel] {
                changed += 1
                break
            }
        }
        return Double(changed) / Double(plane)
    }
}
