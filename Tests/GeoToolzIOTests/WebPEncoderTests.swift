import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

@Suite struct WebPEncoderTests {
    /// The chunk types of a WebP file (RIFF), in order.
    static func chunks(_ data: Data) -> [String] {
        let bytes = [UInt8](data)
        guard bytes.count >= 12, String(decoding: bytes[0..<4], as: UTF8.self) == "RIFF",
            String(decoding: bytes[8..<12], as: UTF8.self) == "WEBP"
        else { return [] }
        var types = [String]()
        var offset = 12
        while offset + 8 <= bytes.count {
            let size = bytes[(offset + 4)..<(offset + 8)].reversed().reduce(0) { $0 << 8 | Int($1) }
            types.append(String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self))
            offset += 8 + size + size % 2
        }
        return types
    }

    /// Expects the WebP of `tensor` to decode to exactly the RGBA its PNG decodes to.
    static func expectSameAsPNG(_ tensor: GeoTensor, _ label: String) throws {
        let webp = try WebPEncoder().encode(tensor)
        #expect(webp.form == .lossless, "\(label)")
        #expect(chunks(webp.data) == ["VP8L"], "\(label): \(chunks(webp.data))")
        let png = try DecodedPNG(try PNGEncoder().encode(tensor).data)
        let decoded = try DecodedImage(webp.data, as: .webp)
        #expect(decoded.width == png.width && decoded.height == png.height, "\(label)")
        let pixels = png.width * png.height
        let differing = (0..<pixels).filter { decoded.rgba($0) != png.rgba($0) }
        #expect(
            differing.isEmpty, "\(label): \(differing.count) pixels differ from the PNG, first \(differing.first ?? 0)")
    }

    @Test(arguments: ["elevation", "hillshade", "landsat-ndvi", "landsat-landcover"])
    func colormappedTilesAreLosslessAndDecodeLikeThePNG(_ name: String) throws {
        let layer = try SampleTiles.layer(name)
        let zoom = (layer.minZoom + layer.maxZoom) / 2
        for tile in [try SampleTiles.centre(of: layer, zoom: zoom), try SampleTiles.corner(of: layer, zoom: zoom)] {
            let tensor = try SampleTiles.tensor(layer, tile)
            try #require(tensor.palette != nil, "\(name) should be colormapped")
            try Self.expectSameAsPNG(tensor, "\(name) \(tile)")
        }
    }

    @Test func palettesTooLargeForPNGAndTranslucentEntriesStayExact() throws {
        // All 256 entries, nodata and a half-transparent entry: PNG falls back to RGBA for this.
        let palette = PNGEncoderTests.palette(256)
        let indices = (0..<256).map(Float.init) + [.nan] + [Float](repeating: 5, count: 31)
        try Self.expectSameAsPNG(PNGEncoderTests.colormapped(indices, width: 16, palette: palette), "256 colours")
        let few: [Float] = [3, 7, .nan, 5, 3, 3, 7, .nan, 5, 5, 3, 7]
        try Self.expectSameAsPNG(PNGEncoderTests.colormapped(few, width: 4, palette: palette), "4 colours")
    }

    @Test func imageryIsLossyAndKeepsAlphaExactly() throws {
        let layer = try SampleTiles.layer("landsat-truecolor")
        let tensor = try SampleTiles.tensor(layer, try SampleTiles.corner(of: layer, zoom: 12))
        #expect(tensor.palette == nil)
        let webp = try WebPEncoder().encode(tensor)
        #expect(webp.form == .lossy(quality: 80))
        #expect(Self.chunks(webp.data) == ["VP8X", "ALPH", "VP8 "])
        let decoded = try DecodedImage(webp.data, as: .webp)
        let reference = try DecodedPNG(try PNGEncoder().encode(tensor).data)
        try #require(decoded.bands.count == 4, "the WebP should decode with alpha")
        let pixels = reference.width * reference.height
        let referenceAlpha = (0..<pixels).map { reference.rgba($0)[3] }
        let transparent = referenceAlpha.filter { $0 == 0 }.count
        #expect(transparent > pixels / 10 && transparent < pixels * 9 / 10, "the corner tile should be part data")
        #expect(decoded.bands[3] == referenceAlpha, "alpha should survive lossy WebP exactly")
        let difference = ImageDifference(decoded.rgbaPixels, reference: (0..<pixels).flatMap { reference.rgba($0) })
        #expect(difference.meanAbsolute.allSatisfy { $0 < 4 } && difference.psnr > 30, "\(difference)")
        // Translucent values survive too.
        let values: [Float] = [Float](repeating: 0.2, count: 3 * 64) + (0..<64).map { Float($0) / 63 }
        let translucent = try WebPEncoder().encode(GeoTensor(bands: 4, height: 8, width: 8, values: values))
        #expect(
            try DecodedImage(translucent.data, as: .webp).bands[3] == (0..<64).map { RGBAImage.byte(Float($0) / 63) })
    }

    @Test func opaqueImageryHasNoAlphaChunk() throws {
        let layer = try SampleTiles.layer("landsat-truecolor")
        let tensor = try SampleTiles.tensor(layer, try SampleTiles.centre(of: layer, zoom: 12))
        let webp = try WebPEncoder().encode(tensor)
        #expect(Self.chunks(webp.data) == ["VP8 "])
        #expect(try DecodedImage(webp.data, as: .webp).bands.count == 3)
    }

    @Test func qualityTradesSizeForFidelity() throws {
        let layer = try SampleTiles.layer("landsat-truecolor")
        let tensor = try SampleTiles.tensor(layer, try SampleTiles.centre(of: layer, zoom: 12))
        let reference = try RGBAImage.converting(tensor)
        var sizes = [Int]()
        var psnrs = [Double]()
        for quality: Float in [40, 80, 95] {
            let webp = try WebPEncoder(quality: quality).encode(tensor)
            sizes.append(webp.data.count)
            psnrs.append(ImageDifference(try DecodedImage(webp.data, as: .webp).rgbaPixels, reference: reference).psnr)
        }
        #expect(sizes == sizes.sorted() && Set(sizes).count == 3, "sizes \(sizes)")
        #expect(psnrs == psnrs.sorted(), "PSNR \(psnrs)")
    }

    @Test func outputIsDeterministic() async throws {
        let layer = try SampleTiles.layer("landsat-truecolor")
        let imagery = try SampleTiles.tensor(layer, try SampleTiles.corner(of: layer, zoom: 12))
        let ndvi = try SampleTiles.layer("landsat-ndvi")
        let colormapped = try SampleTiles.tensor(ndvi, try SampleTiles.centre(of: ndvi, zoom: 12))
        for tensor in [imagery, colormapped] {
            for method in [0, 4, 6] {
                let encoder = WebPEncoder(method: method)
                let first = try encoder.encode(tensor).data
                #expect(try encoder.encode(tensor).data == first, "method \(method)")
                // Encoders on several threads at once give the same bytes.
                let concurrent = try await withThrowingTaskGroup(of: Data.self) { group in
                    for _ in 0..<4 { group.addTask { try encoder.encode(tensor).data } }
                    return try await group.reduce(into: [Data]()) { $0.append($1) }
                }
                #expect(concurrent.allSatisfy { $0 == first }, "method \(method), concurrently")
            }
        }
    }

    @Test func transparentTileIsSmallAndFullyTransparent() throws {
        let encoded = try WebPEncoder().encodeTransparent(width: 256, height: 256)
        #expect(encoded.form == .lossless && encoded.data.count < 200, "\(encoded.data.count) bytes")
        let decoded = try DecodedImage(encoded.data, as: .webp)
        #expect(decoded.width == 256 && decoded.bands.count == 4 && decoded.bands[3].allSatisfy { $0 == 0 })
    }

    @Test func refusesWhatItCannotEncode() throws {
        let badIndex = PNGEncoderTests.colormapped([0, 1, 9, 2], width: 2, palette: PNGEncoderTests.palette(4))
        let cases: [(String, () throws -> Void)] = [
            ("0 × 0", { _ = try WebPEncoder().encode(GeoTensor(bands: 3, height: 0, width: 0, values: [])) }),
            ("0 × 5", { _ = try WebPEncoder().encode(GeoTensor(bands: 1, height: 5, width: 0, values: [])) }),
            ("no bands", { _ = try WebPEncoder().encode(GeoTensor(bands: 0, height: 2, width: 2, values: [])) }),
            (
                "5 bands",
                { _ = try WebPEncoder().encode(GeoTensor(bands: 5, height: 1, width: 1, repeating: 0.5)) }
            ),
            ("index 9 of 4", { _ = try WebPEncoder().encode(badIndex) }),
            (
                "quality 101",
                { _ = try WebPEncoder(quality: 101).encode(GeoTensor(bands: 3, height: 2, width: 2, repeating: 0.5)) }
            ),
            (
                "quality NaN",
                { _ = try WebPEncoder(quality: .nan).encode(GeoTensor(bands: 3, height: 2, width: 2, repeating: 0.5)) }
            ),
            (
                "method 7",
                { _ = try WebPEncoder(method: 7).encode(GeoTensor(bands: 3, height: 2, width: 2, repeating: 0.5)) }
            ),
            (
                "too wide",
                { _ = try WebPEncoder().encode(GeoTensor(bands: 1, height: 1, width: 16384, repeating: 0.5)) }
            ),
            ("transparent 0 × 256", { _ = try WebPEncoder().encodeTransparent(width: 0, height: 256) }),
            ("transparent 20000²", { _ = try WebPEncoder().encodeTransparent(width: 20000, height: 20000) }),
        ]
        for (label, encode) in cases {
            #expect(throws: WebPError.self, "\(label)") { try encode() }
        }
        let lastIndex = PNGEncoderTests.colormapped([0, 1, 3.4, 2], width: 2, palette: PNGEncoderTests.palette(4))
        #expect(try WebPEncoder().encode(lastIndex).form == .lossless)
        let error = try #require(throws: WebPError.self) {
            try WebPEncoder(method: 7).encode(GeoTensor(bands: 3, height: 2, width: 2, repeating: 0.5))
        }
        #expect(error.description == "WebP encoding: the method must be 0...6")
    }
}
