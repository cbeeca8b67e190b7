import Foundation
import GeoToolz

extension Layer {
    /// What the layer reads, source by source, as JSON: for a file, what `gdalinfo` says of it
    /// (driver, size, bands with data types, nodata and overviews, CRS, geotransform,
    /// resolution, longitude/latitude bounds); for a mosaic, its number of files, the union of
    /// their bounds, each distinct CRS with its number of files and finest resolution, and the
    /// finest resolution of all in metres. Reads band descriptions through the sources'
    /// per-thread handles, so it runs where reads run.
    public func information() throws -> ConfigValue {
        if archive != nil { throw RenderError(Self.storedTilesOnly(name)) }
        var sources = [ConfigValue]()
        for input in inputs {
            var entry: [String: ConfigValue] = [
                "input": input.source.input.map { .string($0) } ?? .null,
                "bandsRead": input.bands.configValue,
                "nodataOverride": input.source.noData.map(Self.number) ?? .null,
            ]
            if let mosaic = input.mosaic {
                entry["paths"] = input.source.paths.configValue
                entry.merge(Self.describe(mosaic)) { _, new in new }
            } else if let reader = input.reader {
                entry["path"] = .string(input.source.path)
                entry.merge(try Self.describe(reader)) { _, new in new }
            }
            sources.append(.object(entry))
        }
        return [
            "bounds": Self.bounds(bounds),
            "files": .number(Double(inputs.reduce(0) { $0 + ($1.mosaic?.members.count ?? 1) })),
            "sources": .array(sources),
        ]
    }

    private static func describe(_ reader: TileReader) throws -> [String: ConfigValue] {
        let info = reader.info
        let (driver, bands) = try reader.describe()
        let crs = CRSName(wkt: info.crsWKT)
        return [
            "kind": "file",
            "files": 1,
            "driver": .string(driver),
            "size": [.number(Double(info.width)), .number(Double(info.height))],
            "bandCount": .number(Double(info.bandCount)),
            "bands": .array(
                bands.map { band in
                    [
                        "band": .number(Double(band.band)), "type": .string(band.dataType),
                        "colorInterpretation": .string(band.colorInterpretation),
                        "nodata": band.noData.map(number) ?? .null,
                        "overviews": .array(band.overviews.map { $0.configValue }),
                    ]
                }),
            "crs": crsValue(crs),
            "geoTransform": .array(info.transform.coefficients.map(number)),
            "resolution": [
                number(abs(info.transform.pixelWidth)), number(abs(info.transform.pixelHeight)),
            ],
            "bounds": Self.bounds(info.geographicBounds),
            "overviews": .number(Double(info.overviewWidths.count)),
        ]
    }

    /// A mosaic's files summed up: distinct CRSs (by EPSG code when GDAL can identify one),
    /// each with its files and its finest pixel size in its own units; the finest pixel of all
    /// in metres on the ground (its EPSG:3857 size scaled by the cosine of its file's central
    /// latitude), since the files' own units (degrees, metres) cannot be compared.
    private static func describe(_ mosaic: MosaicSource) -> [String: ConfigValue] {
        var groups = [String: (crs: CRSName, files: Int, x: Double, y: Double)]()
        var order = [String]()
        var union: GeoBounds?
        var finest: (metres: Double, file: String)?
        for (member, info) in zip(mosaic.members, mosaic.descriptions) {
            let x = abs(info.transform.pixelWidth)
            let y = abs(info.transform.pixelHeight)
            if let known = groups[info.crsWKT] {
                groups[info.crsWKT] = (known.crs, known.files + 1, min(known.x, x), min(known.y, y))
            } else {
                groups[info.crsWKT] = (CRSName(wkt: info.crsWKT), 1, x, y)
                order.append(info.crsWKT)
            }
            let box = info.geographicBounds
            union =
                union.map {
                    GeoBounds(
                        west: min($0.west, box.west), south: min($0.south, box.south), east: max($0.east, box.east),
                        north: max($0.north, box.north))
                } ?? box
            let latitude = (box.south + box.north) / 2
            let metres = info.mercatorPixelSize * cos(latitude * .pi / 180)
            if finest == nil || metres < finest!.metres { finest = (metres, member.name) }
        }
        // Each distinct nodata value of each band, over the files.
        let nodata = mosaic.bands.map { band -> ConfigValue in
            let values = Set(mosaic.descriptions.compactMap { $0.noData[band - 1] }).sorted()
            return .array(values.map(number))
        }
        return [
            "kind": "mosaic",
            "method": mosaic.options.method.configValue,
            "files": .number(Double(mosaic.members.count)),
            "maxFilesPerTile": .number(Double(mosaic.options.maxFilesPerTile)),
            "overview": mosaic.options.overview.map { .string($0) } ?? .null,
            "bounds": union.map(bounds) ?? .null,
            "nodata": .array(nodata),
            "crs": .array(
                order.map { wkt in
                    let group = groups[wkt]!
                    var value = crsValue(group.crs).objectValue ?? [:]
                    value["files"] = .number(Double(group.files))
                    value["resolution"] = [number(group.x), number(group.y)]
                    return .object(value)
                }),
            "finestResolution": finest.map { ["metres": number($0.metres), "file": .string($0.file)] } ?? .null,
        ]
    }

    private static func crsValue(_ crs: CRSName) -> ConfigValue {
        ["code": crs.code.map { .string($0) } ?? .null, "name": .string(crs.name), "wkt": .string(crs.wkt)]
    }

    private static func bounds(_ bounds: GeoBounds) -> ConfigValue {
        .array([bounds.west, bounds.south, bounds.east, bounds.north].map(number))
    }

    /// JSON has no NaN or infinity: those are null.
    private static func number(_ value: Double) -> ConfigValue {
        value.isFinite ? .number(value) : .null
    }
}
