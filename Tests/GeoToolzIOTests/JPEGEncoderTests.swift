import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

@Suite struct JPEGEncoderTests {
    /// The markers of a JPEG file up to its first scan (0xC0 = baseline frame, 0xE0 = JFIF, …).
    static func markers(_ data: Data) -> [UInt8] {
        let bytes = [UInt8](data)
        guard bytes.count > 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return [] }
        var markers = [UInt8]()
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            markers.append(marker)
            if marker == 0xDA { break }
            offset += 2 + (Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
        }
        return markers
    }

    /// The luma component's sampling factors (horizontal << 4 | vertical) in the frame header:
    /// 0x22 for 4:2:0, 0x21 for 4:2:2, 0x11 for 4:4:4.
    static func lumaSampling(_ data: Data) -> UInt8? {
        let bytes = [UInt8](data)
        var offset = 2
        while offset + 4 <= bytes.count, bytes[offset] == 0xFF {
            let marker = bytes[offset + 1]
            if marker == 0xC0 { return bytes[offset + 11] }
            offset += 2 + (Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3]))
        }
        return nil
    }

    /// Whether each pixel of a square RGBA image has a pixel that is not fully transparent
    /// within `distance` pixels (a square neighbourhood), rows then columns.
    static func near(_ rgba: [UInt8], side: Int, within distance: Int) -> [Bool] {
        func spread(_ marks: [Bool], along: (Int, Int) -> Int) -> [Bool] {
            var out = [Bool](repeating: false, count: marks.count)
            for line in 0..<side {
                for position in 0..<side {
                    let range = max(0, position - distance)...min(side - 1, position + distance)
                    out[along(line, position)] = range.contains { marks[along(line, $0)] }
                }
            }
            return out
        }
        let data = stride(from: 3, to: rgba.count, by: 4).map { rgba[$0] != 0 }
        return spread(spread(data) { row, column in row * side + column }) { column, row in row * side + column }
    }

    static func imagery(corner: Bool = false, zoom: Int = 12) throws -> GeoTensor {
        let layer = try SampleTiles.layer("landsat-truecolor")
        let tile =
            corner ? try SampleTiles.corner(of: layer, zoom: zoom) : try SampleTiles.centre(of: layer, zoom: zoom)
        return try SampleTiles.tensor(layer, tile)
    }

    @Test func writesBaselineJFIFSubsampledAsAsked() throws {
        let tensor = try Self.imagery()
        let encoded = try JPEGEncoder().encode(tensor)
        #expect(encoded.filledPixels == 0)
        // SOI, JFIF, quantisation tables, baseline frame, Huffman tables, scan: no comment, no Exif.
        #expect(Self.markers(encoded.data) == [0xE0, 0xDB, 0xDB, 0xC0, 0xC4, 0xC4, 0xC4, 0xC4, 0xDA])
        #expect(Self.lumaSampling(encoded.data) == 0x22, "4:2:0 by default")
        for (subsampling, factors) in [(JPEGSubsampling.none, 0x11), (.horizontal, 0x21), (.both, 0x22)] {
            let data = try JPEGEncoder(subsampling: subsampling).encode(tensor).data
            #expect(Self.lumaSampling(data) == UInt8(factors), "\(subsampling)")
        }
        let decoded = try DecodedImage(encoded.data, as: .jpeg)
        #expect(decoded.width == 256 && decoded.height == 256 && decoded.bands.count == 3)
        let difference = ImageDifference(decoded.rgbaPixels, reference: try RGBAImage.converting(tensor))
        #expect(difference.meanAbsolute.allSatisfy { $0 < 4 } && difference.psnr > 30, "\(difference)")
    }

    @Test func refusesTransparencyWithoutAFillSayingWhatToDo() throws {
        let tensor = try Self.imagery(corner: true)
        let rgba = try RGBAImage.converting(tensor)
        let transparent = stride(from: 3, to: rgba.count, by: 4).filter { rgba[$0] != 255 }.count
        #expect(transparent > 0)
        let error = try #require(throws: JPEGError.self) { try JPEGEncoder().encode(tensor) }
        #expect(error == .transparent(pixels: transparent, of: 65536))
        #expect(
            error.description
                == "JPEG has no transparency: \(transparent) of 65536 pixels are transparent or translucent; "
                + "request .png or .webp, or give the layer a `fill` colour")
        // One translucent pixel is enough.
        var values = [Float](repeating: 0.5, count: 3 * 16) + [Float](repeating: 1, count: 16)
        values[3 * 16 + 7] = 0.99
        #expect(throws: JPEGError.transparent(pixels: 1, of: 16)) {
            try JPEGEncoder().encode(GeoTensor(bands: 4, height: 4, width: 4, values: values))
        }
        #expect(throws: JPEGError.transparent(pixels: 65536, of: 65536)) {
            try JPEGEncoder().encodeTransparent(width: 256, height: 256)
        }
    }

    @Test func compositesTransparentPixelsOntoTheFill() throws {
        let tensor = try Self.imagery(corner: true)
        let rgba = try RGBAImage.converting(tensor)
        let fill = RGB(red: 200, green: 30, blue: 120)
        let encoded = try JPEGEncoder(fill: fill).encode(tensor)
        let transparent = stride(from: 3, to: rgba.count, by: 4).filter { rgba[$0] == 0 }
        #expect(encoded.filledPixels == transparent.count)
        let decoded = try DecodedImage(encoded.data, as: .jpeg)
        // Pixels with no data within 16 pixels: away from the data's edge, where JPEG's blocks
        // (16 × 16 with colour halved) blend data and fill.
        let nearData = Self.near(rgba, side: 256, within: 16)
        var checked = 0
        var worst = 0
        for pixel in 0..<65536 where !nearData[pixel] {
            let decodedPixel = decoded.rgba(pixel)
            worst = max(
                worst, abs(Int(decodedPixel[0]) - 200), abs(Int(decodedPixel[1]) - 30),
                abs(Int(decodedPixel[2]) - 120))
            checked += 1
        }
        #expect(checked > 1000, "the corner tile should have a transparent area")
        #expect(worst <= 3, "the transparent area (\(checked) px) should decode to the fill colour, off by \(worst)")
        // Data pixels stay close to the PNG's; the fill does not spread into them.
        let difference = ImageDifference(decoded.rgbaPixels, reference: rgba)
        #expect(difference.psnr > 30, "\(difference)")

        // Translucency mixes: half-transparent blue over white is light blue.
        var values = [Float](repeating: 0, count: 4 * 256)
        for pixel in 0..<256 { (values[512 + pixel], values[768 + pixel]) = (1, 0.5) }
        let mixed = try JPEGEncoder(subsampling: .none, fill: .white).encode(
            GeoTensor(bands: 4, height: 16, width: 16, values: values))
        #expect(mixed.filledPixels == 256)
        let blue = try DecodedImage(mixed.data, as: .jpeg).rgba(8 * 16 + 8)
        // 128/255 blue over white: 255 · 127/255 = 127 red and green, 255 blue.
        #expect(abs(Int(blue[0]) - 127) <= 2 && abs(Int(blue[1]) - 127) <= 2 && blue[2] >= 253, "\(blue)")

        let empty = try JPEGEncoder(fill: fill).encodeTransparent(width: 256, height: 256)
        let flat = try DecodedImage(empty.data, as: .jpeg)
        #expect(
            (0..<65536).allSatisfy { pixel in
                zip(flat.rgba(pixel), [200, 30, 120, 255]).allSatisfy { abs(Int($0) - $1) <= 2 }
            })
    }

    @Test func qualityTradesSizeForFidelity() throws {
        let tensor = try Self.imagery()
        let reference = try RGBAImage.converting(tensor)
        var sizes = [Int]()
        var psnrs = [Double]()
        for quality in [40, 85, 95] {
            let data = try JPEGEncoder(quality: quality).encode(tensor).data
            sizes.append(data.count)
            psnrs.append(ImageDifference(try DecodedImage(data, as: .jpeg).rgbaPixels, reference: reference).psnr)
        }
        #expect(sizes == sizes.sorted() && Set(sizes).count == 3, "sizes \(sizes)")
        #expect(psnrs == psnrs.sorted(), "PSNR \(psnrs)")
    }

    @Test func colormappedAndGreyTilesAreExpandedToRGB() throws {
        let palette = PNGEncoderTests.palette(4)
        let colormapped = PNGEncoderTests.colormapped([Float](repeating: 2, count: 64), width: 8, palette: palette)
        let decoded = try DecodedImage(try JPEGEncoder().encode(colormapped).data, as: .jpeg)
        // Entry 2 is (2, 253, 14).
        #expect(zip(decoded.rgba(27), [2, 253, 14, 255]).allSatisfy { abs(Int($0) - $1) <= 3 }, "\(decoded.rgba(27))")
        let grey = try DecodedImage(
            try JPEGEncoder().encode(GeoTensor(bands: 1, height: 8, width: 8, repeating: 0.5)).data, as: .jpeg)
        #expect(zip(grey.rgba(9), [128, 128, 128, 255]).allSatisfy { abs(Int($0) - $1) <= 1 }, "\(grey.rgba(9))")
    }

    @Test func outputIsDeterministic() async throws {
        let tensor = try Self.imagery(corner: true)
        for encoder in [JPEGEncoder(fill: .white), JPEGEncoder(quality: 60, subsampling: .none, fill: .white)] {
            let first = try encoder.encode(tensor).data
            #expect(try encoder.encode(tensor).data == first)
            // Each thread keeps its own compressor; threads at once give the same bytes.
            let concurrent = try await withThrowingTaskGroup(of: Data.self) { group in
                for _ in 0..<4 { group.addTask { try encoder.encode(tensor).data } }
                return try await group.reduce(into: [Data]()) { $0.append($1) }
            }
            #expect(concurrent.allSatisfy { $0 == first })
        }
    }

    @Test func refusesWhatItCannotEncode() throws {
        let opaque = GeoTensor(bands: 3, height: 2, width: 2, repeating: 0.5)
        let cases: [(String, () throws -> Void)] = [
            ("0 × 0", { _ = try JPEGEncoder().encode(GeoTensor(bands: 3, height: 0, width: 0, values: [])) }),
            (
                "5 × 0",
                { _ = try JPEGEncoder(fill: .white).encode(GeoTensor(bands: 3, height: 0, width: 5, values: [])) }
            ),
            ("5 bands", { _ = try JPEGEncoder().encode(GeoTensor(bands: 5, height: 1, width: 1, repeating: 0.5)) }),
            (
                "index 9 of 4",
                {
                    _ = try JPEGEncoder().encode(
                        PNGEncoderTests.colormapped([0, 1, 9, 2], width: 2, palette: PNGEncoderTests.palette(4)))
                }
            ),
            ("quality 0", { _ = try JPEGEncoder(quality: 0).encode(opaque) }),
            ("quality 101", { _ = try JPEGEncoder(quality: 101).encode(opaque) }),
            ("transparent 0 × 0", { _ = try JPEGEncoder(fill: .white).encodeTransparent(width: 0, height: 0) }),
            ("transparent too wide", { _ = try JPEGEncoder(fill: .white).encodeTransparent(width: 70000, height: 1) }),
        ]
        for (label, encode) in cases {
            let error = try #require(throws: JPEGError.self, "\(label)") { try encode() }
            guard case .encoding = error else {
                Issue.record("\(label): \(error) should be an encoding error")
                continue
            }
        }
        #expect(throws: JPEGError.encoding("the quality must be 1...100")) {
            try JPEGEncoder(quality: 0).encode(opaque)
        }
        // After refusals, encoding goes on as before.
        #expect(try JPEGEncoder().encode(opaque).data.count > 100)
    }
}
