import CGDAL
import Foundation
import Testing

@testable import GeoToolzIO

/// A PNG read back with GDAL's PNG driver (libpng underneath): an independent decoder.
struct DecodedPNG {
    let width: Int
    let height: Int
    /// Pixel bytes per band.
    let bands: [[UInt8]]
    /// RGBA per palette entry, for indexed images.
    let colorTable: [[UInt8]]?

    /// Decodes `data`; fails when the file is not a valid PNG.
    init(_ data: Data) throws {
        let path = DerivedData.directory + "/decoded-\(UUID().uuidString).png"
        try data.write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        GDALAllRegister()
        CPLPushErrorHandler(CPLQuietErrorHandler)
        defer { CPLPopErrorHandler() }
        guard let dataset = GDALOpen(path, GA_ReadOnly) else {
            throw GDALTool.Failure(description: "GDAL cannot open the PNG: \(String(cString: CPLGetLastErrorMsg()))")
        }
        defer { GDALClose(dataset) }
        let driver = String(cString: GDALGetDriverShortName(GDALGetDatasetDriver(dataset)))
        try #require(driver == "PNG")
        (width, height, bands) = try byteBands(of: dataset, what: "PNG")
        if let table = GDALGetRasterColorTable(GDALGetRasterBand(dataset, 1)) {
            colorTable = (0..<Int(GDALGetColorEntryCount(table))).map { index in
                let entry = GDALGetColorEntry(table, Int32(index))!.pointee
                return [entry.c1, entry.c2, entry.c3, entry.c4].map { UInt8($0) }
            }
        } else {
            colorTable = nil
        }
    }

    /// The colour of one pixel as RGBA, whatever the file's form.
    func rgba(_ pixel: Int) -> [UInt8] {
        if let colorTable { return colorTable[Int(bands[0][pixel])] }
        switch bands.count {
        case 4: return bands.map { $0[pixel] }
        case 3: return bands.map { $0[pixel] } + [255]
        default: return [bands[0][pixel], bands[0][pixel], bands[0][pixel], bands.count == 2 ? bands[1][pixel] : 255]
        }
    }

    /// The chunk types of a PNG file in order, runs of one type (several IDATs) counted once.
    static func chunkKinds(_ data: Data) -> [String] {
        chunkTypes(data).reduce(into: []) { kinds, type in
            if kinds.last != type { kinds.append(type) }
        }
    }

    /// The chunk types of a PNG file, in order.
    static func chunkTypes(_ data: Data) -> [String] {
        let bytes = [UInt8](data)
        var types = [String]()
        var offset = 8
        while offset + 8 <= bytes.count {
            let length = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
            types.append(String(decoding: bytes[(offset + 4)..<(offset + 8)], as: UTF8.self))
            offset += 12 + length
        }
        return types
    }
}
