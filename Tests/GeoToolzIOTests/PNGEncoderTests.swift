import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

@Suite struct PNGEncoderTests {
    /// A palette whose entry i is distinct from every other; entry 5 is half transparent.
    static func palette(_ count: Int) -> Palette {
        var rgba = [UInt8]()
        for index in 0..<count {
            let alpha: UInt8 = index == 5 ? 128 : 255
            rgba += [UInt8(index), UInt8(255 - index), UInt8((index * 7) % 256), alpha]
        }
        return Palette(rgba: rgba)
    }

    static func colormapped(_ indices: [Float], width: Int, palette: Palette) -> GeoTensor {
        var tensor = GeoTensor(bands: 1, height: indices.count / width, width: width, values: indices)
        tensor.palette = palette
        return tensor
    }

    /// Checks every decoded pixel against the palette (NaN: fully transparent).
    static func expectDecoded(_ decoded: DecodedPNG, _ indices: [Float], _ palette: Palette) {
        for (pixel, value) in indices.enumerated() {
            let expected = value.isNaN ? [0, 0, 0, 0] : Array(palette.rgba[(4 * Int(value))..<(4 * Int(value) + 4)])
            let actual = decoded.rgba(pixel)
            if value.isNaN {
                #expect(actual[3] == 0, "pixel \(pixel) should be transparent")
            } else {
                #expect(actual == expected, "pixel \(pixel)")
            }
        }
    }

    @Test func compactsThePaletteToTheColoursUsed() throws {
        let palette = Self.palette(10)
        let indices: [Float] = [3, 7, .nan, 5, 3, 3, 7, .nan, 5, 5, 3, 7]
        let encoded = try PNGEncoder().encode(Self.colormapped(indices, width: 4, palette: palette))
        // Transparent, the translucent entry 5, then 3 and 7: four entries, two bits each.
        #expect(encoded.form == .palette(colors: 4, bitDepth: 2))
        let decoded = try DecodedPNG(encoded.data)
        #expect(decoded.width == 4 && decoded.height == 3)
        #expect(decoded.colorTable?.count == 4)
        #expect(decoded.colorTable?[0][3] == 0 && decoded.colorTable?[1] == [5, 250, 35, 128])
        Self.expectDecoded(decoded, indices, palette)
    }

    @Test(arguments: [(1, 1), (2, 1), (3, 2), (4, 2), (5, 4), (16, 4), (17, 8), (200, 8), (256, 8)])
    func picksTheSmallestBitDepth(colors: Int, bitDepth: Int) throws {
        let palette = Self.palette(256)
        // `colors` distinct entries; one of them is the transparent entry when there is room for it.
        let withNoData = colors > 1 && colors < 256
        let used = withNoData ? colors - 1 : colors
        var indices = (0..<64).map { Float(($0 * 37) % used) }
        indices += (0..<used).map(Float.init)
        if withNoData { indices += [.nan] }
        while indices.count % 8 != 0 { indices.append(indices[0]) }
        let encoded = try PNGEncoder().encode(Self.colormapped(indices, width: 8, palette: palette))
        #expect(encoded.form == .palette(colors: colors, bitDepth: bitDepth))
        Self.expectDecoded(try DecodedPNG(encoded.data), indices, palette)
    }

    /// Over more pixels than one counting block and an odd count: entry 0 counts as used only
    /// when a pixel takes it (nodata pixels are written as 0 before the palette is settled), and
    /// infinities are nodata like NaN.
    @Test(arguments: [true, false])
    func countsEntryZeroOnlyWhenAPixelTakesIt(zeroUsed: Bool) throws {
        let palette = Self.palette(12)
        let (width, height) = (73, 71)
        let indices: [Float] = (0..<(width * height)).map { pixel in
            if pixel % 97 == 0 { return .nan }
            if pixel == 4_100 { return .infinity }
            if pixel == 5_000 { return -.infinity }
            let entry = Float(pixel % 11 + 1)
            return zeroUsed && pixel % 13 == 0 ? 0 : entry
        }
        let encoded = try PNGEncoder().encode(Self.colormapped(indices, width: width, palette: palette))
        // Entries 1…11 (and 0 when used) plus the transparent one.
        #expect(encoded.form == .palette(colors: zeroUsed ? 13 : 12, bitDepth: 4))
        Self.expectDecoded(try DecodedPNG(encoded.data), indices.map { $0.isFinite ? $0 : .nan }, palette)
    }

    @Test func fallsBackToRGBAWhenAllColoursAndTransparencyAreUsed() throws {
        let palette = Self.palette(256)
        let indices = (0..<256).map(Float.init) + [.nan] + [Float](repeating: 9, count: 31)
        let encoded = try PNGEncoder().encode(Self.colormapped(indices, width: 16, palette: palette))
        #expect(encoded.form == .rgba)
        Self.expectDecoded(try DecodedPNG(encoded.data), indices, palette)
    }

    @Test(arguments: 1...4)
    func writesRGBA(bands: Int) throws {
        // Rounding, clamping, and a pixel invalid in one band only.
        let perBand: [[Float]] = [
            [0, 0.5, 1.2, -0.1, 0.25, 0.75],
            [1, 0.2, 0.4, 0.6, .nan, 0.1],
            [0.3, 0.3, 0.3, 0.3, 0.3, 0.3],
            [1, 0.5, 0, 1, 1, 1],
        ]
        let values = perBand.prefix(bands).flatMap { $0 }
        let encoded = try PNGEncoder().encode(GeoTensor(bands: bands, height: 2, width: 3, values: values))
        #expect(encoded.form == .rgba)
        let decoded = try DecodedPNG(encoded.data)
        #expect(decoded.bands.count == 4)
        func byte(_ value: Float) -> UInt8 {
            let scaled: Float = (value * 255).rounded()
            return UInt8(min(max(scaled, 0), 255))
        }
        for pixel in 0..<6 {
            let channel: [Float] = perBand.prefix(bands).map { $0[pixel] }
            let bytes: [UInt8] = channel.map { $0.isNaN ? 0 : byte($0) }
            var expected: [UInt8]
            switch bands {
            case 1: expected = [bytes[0], bytes[0], bytes[0], 255]
            case 2: expected = [bytes[0], bytes[0], bytes[0], bytes[1]]
            case 3: expected = bytes + [255]
            default: expected = bytes
            }
            if channel.contains(where: { $0.isNaN }) { expected = [0, 0, 0, 0] }
            #expect(decoded.rgba(pixel) == expected, "pixel \(pixel)")
        }
        #expect(byte(0.5) == 128 && byte(1.2) == 255 && byte(-0.1) == 0)
    }

    @Test func outputIsDeterministicAndCarriesNoTimestamps() throws {
        let values: [Float] = (0..<(3 * 64 * 64)).map { index in Float((index * 31) % 97) / 97 }
        let tensor = GeoTensor(bands: 3, height: 64, width: 64, values: values)
        var sizes = [Int]()
        var reference: DecodedPNG?
        for level in [0, 2, 9] {
            for filter in PNGFilter.allCases {
                do {
                    let encoder = PNGEncoder(compressionLevel: level, filter: filter)
                    let first = try encoder.encode(tensor)
                    let settings = "level \(level), \(filter)"
                    #expect(try encoder.encode(tensor).data == first.data, "\(settings)")
                    #expect(DecodedPNG.chunkKinds(first.data) == ["IHDR", "IDAT", "IEND"])
                    let decoded = try DecodedPNG(first.data)
                    if let reference {
                        #expect(decoded.bands == reference.bands, "\(settings) decodes differently")
                    } else {
                        reference = decoded
                    }
                    if filter == .up { sizes.append(first.data.count) }
                }
            }
        }
        #expect(sizes[0] > sizes[2], "level 9 should compress better than level 0: \(sizes)")
        let palette = try PNGEncoder().encode(Self.colormapped([1, .nan, 2, 1], width: 2, palette: Self.palette(4)))
        #expect(DecodedPNG.chunkKinds(palette.data) == ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"])
    }

    /// Checks a PNG with Python's zlib, independently of libpng: signature, every chunk's CRC,
    /// and an image stream that inflates to exactly the rows IHDR announces.
    static let pythonCheck = """
        import struct, sys, zlib
        data = open(sys.argv[1], 'rb').read()
        assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n', 'signature'
        offset, idat, header = 8, b'', None
        while offset < len(data):
            length, kind = struct.unpack('>I4s', data[offset:offset + 8])
            body = data[offset + 8:offset + 8 + length]
            crc, = struct.unpack('>I', data[offset + 8 + length:offset + 12 + length])
            assert zlib.crc32(kind + body) == crc, 'CRC of ' + kind.decode()
            if kind == b'IHDR': header = struct.unpack('>IIBBBBB', body)
            if kind == b'IDAT': idat += body
            offset += 12 + length
        width, height, depth, colour = header[:4]
        channels = {3: 1, 6: 4}[colour]
        row = 1 + (width * depth * channels + 7) // 8
        rows = zlib.decompress(idat)
        assert len(rows) == height * row, 'image size'
        filters = sorted({rows[y * row] for y in range(height)})
        print('ok', width, height, depth, colour, 'filters', *filters)
        """

    @Test func decodesWithPythonZlib() throws {
        let palette = Self.palette(64)
        let tensors = [
            Self.colormapped([1, 2, .nan, 1, 2, 2, 1, 1, 2, 2, .nan, 1], width: 3, palette: palette),
            Self.colormapped((0..<600).map { Float($0 % 64) }, width: 30, palette: palette),
            GeoTensor(bands: 3, height: 7, width: 9, values: (0..<189).map { Float($0) / 189 }),
        ]
        // Rows of a full byte or more per pixel take the encoder's filter (paeth: type 4); packed
        // rows are never filtered.
        let expected = ["ok 3 4 2 3 filters 0", "ok 30 20 8 3 filters 4", "ok 9 7 8 6 filters 4"]
        for (tensor, expected) in zip(tensors, expected) {
            let encoded = try PNGEncoder(filter: .paeth).encode(tensor)
            let file = DerivedData.directory + "/python-\(UUID().uuidString).png"
            try encoded.data.write(to: URL(fileURLWithPath: file))
            defer { try? FileManager.default.removeItem(atPath: file) }
            #expect(try GDALTool.output("python3", ["-c", Self.pythonCheck, file]) == expected)
        }
    }

    @Test func transparentTile() throws {
        let encoded = try PNGEncoder().encodeTransparent(width: 512, height: 512)
        #expect(encoded.form == .palette(colors: 1, bitDepth: 1))
        #expect(encoded.data.count < 400)
        let decoded = try DecodedPNG(encoded.data)
        #expect(decoded.width == 512 && (0..<(512 * 512)).allSatisfy { decoded.rgba($0)[3] == 0 })
    }

    @Test func refusesWhatIsNotAnImage() throws {
        let palette = Self.palette(4)
        #expect { try PNGEncoder().encode(Self.colormapped([0, 4], width: 2, palette: palette)) } throws: { error in
            "\(error)".contains("palette index 4.0 is outside the palette's 4 entries")
        }
        #expect { try PNGEncoder().encode(GeoTensor(bands: 5, height: 1, width: 1, repeating: 0)) } throws: { error in
            "\(error)".contains("this one has 5")
        }
        var twoBands = GeoTensor(bands: 2, height: 1, width: 1, repeating: 0)
        twoBands.palette = palette
        #expect(throws: PNGError.self) { try PNGEncoder().encode(twoBands) }
        #expect {
            try PNGEncoder(compressionLevel: 11).encode(GeoTensor(bands: 1, height: 1, width: 1, repeating: 0))
        } throws: { error in
            "\(error)".contains("compression level")
        }
        #expect(throws: PNGError.self) { try PNGEncoder().encode(GeoTensor(bands: 1, height: 0, width: 0, values: [])) }
    }
}
