import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

@Suite struct TileFormatTests {
    @Test func namesExtensionsAndMediaTypes() {
        #expect(TileFormat.allCases.map(\.fileExtension) == ["png", "webp", "jpg", "tif"])
        #expect(TileFormat.allCases.map(\.mediaType) == ["image/png", "image/webp", "image/jpeg", "image/tiff"])
        for format in TileFormat.allCases { #expect(TileFormat(fileExtension: format.fileExtension) == format) }
        #expect(TileFormat(fileExtension: "jpeg") == .jpeg)
        #expect(TileFormat(fileExtension: "PNG") == nil && TileFormat(fileExtension: "gif") == nil)
    }

    @Test func everyEncodingWritesItsFormat() throws {
        let tensor = GeoTensor(bands: 3, height: 16, width: 16, repeating: 0.25)
        for format in TileFormat.allCases where !format.carriesValues {
            let encoding = TileEncoding(defaultFor: format)
            #expect(encoding.format == format)
            let tile = try encoding.encodeTile(tensor)
            #expect(tile.format == format && tile.mediaType == format.mediaType)
            let decoded =
                format == .png ? try DecodedPNG(tile.data).rgba(0) : try DecodedImage(tile.data, as: format).rgba(0)
            #expect(
                decoded.prefix(3).allSatisfy { abs(Int($0) - 64) <= 2 } && decoded[3] == 255, "\(format): \(decoded)")
        }
    }

    @Test func pngThroughTheProtocolIsThePNGEncoderUnchanged() throws {
        let palette = PNGEncoderTests.palette(10)
        let colormapped = PNGEncoderTests.colormapped([3, 7, .nan, 5, 3, 3, 7, .nan, 5], width: 3, palette: palette)
        for encoder in [PNGEncoder(), PNGEncoder(compressionLevel: 6, filter: .paeth)] {
            let encoding = TileEncoding.png(encoder)
            #expect(try encoding.encodeTile(colormapped).data == encoder.encode(colormapped).data)
            #expect(
                try encoding.encodeTransparentTile(width: 256, height: 256).data
                    == encoder.encodeTransparent(width: 256, height: 256).data)
        }
    }

    @Test func errorsPassThroughUnchanged() throws {
        let empty = GeoTensor(bands: 3, height: 0, width: 0, values: [])
        #expect(throws: PNGError.self) { try TileEncoding(defaultFor: .png).encodeTile(empty) }
        #expect(throws: WebPError.self) { try TileEncoding(defaultFor: .webp).encodeTile(empty) }
        #expect(throws: JPEGError.self) { try TileEncoding(defaultFor: .jpeg).encodeTile(empty) }
        #expect(throws: JPEGError.transparent(pixels: 4, of: 4)) {
            try TileEncoding.jpeg(JPEGEncoder()).encodeTransparentTile(width: 2, height: 2)
        }
        let filled = try TileEncoding.jpeg(JPEGEncoder(fill: .white)).encodeTransparentTile(width: 2, height: 2)
        #expect(filled.format == .jpeg)
    }
}
