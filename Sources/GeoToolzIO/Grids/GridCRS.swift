import CGDAL
import Foundation

/// The coordinate reference system of a grid a read targets: EPSG:3857 for tiles, an EPSG code a
/// client asked for, or a source's own CRS (its WKT).
///
/// Only EPSG codes come from clients, checked against PROJ's database: GDAL's `SetFromUserInput`
/// would also read files and fetch URLs, so no client text ever reaches it.
public struct GridCRS: Sendable, Hashable, CustomStringConvertible {
    /// What GDAL is given: `EPSG:n` or WKT.
    public let definition: String
    /// Whether this is EPSG:3857, the tile grid's CRS: the read path keeps its prepared state for it.
    public let isWebMercator: Bool
    /// The EPSG code, when the CRS was given as one.
    public let epsg: Int?

    private init(definition: String, epsg: Int?) {
        self.definition = definition
        self.epsg = epsg
        self.isWebMercator = epsg == 3857
    }

    /// EPSG:3857, the grid of XYZ tiles.
    public static let webMercator = GridCRS(definition: "EPSG:3857", epsg: 3857)
    /// EPSG:4326 with longitude first, as GDAL's warper and `gdalwarp -t_srs EPSG:4326` take it.
    public static let lonLat = GridCRS(definition: "EPSG:4326", epsg: 4326)

    /// `EPSG:code`, refused unless PROJ knows it as a geographic or projected CRS.
    public init(epsg code: Int) throws(GDALError) {
        guard (1...999_999).contains(code) else { throw GDALError("reading EPSG:\(code)", "no such EPSG code") }
        GDALRuntime.ensureRegistered()
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        guard OSRImportFromEPSG(srs, Int32(code)) == OGRERR_NONE else {
            throw GDALError("reading EPSG:\(code)", "PROJ's database has no CRS with this code")
        }
        guard OSRIsProjected(srs) != 0 || OSRIsGeographic(srs) != 0 else {
            throw GDALError("reading EPSG:\(code)", "a grid needs a geographic or projected CRS")
        }
        self.init(definition: "EPSG:\(code)", epsg: code)
    }

    /// `EPSG:n` (any case), as a query gives it; anything else is refused.
    public init(parsing text: String) throws(GDALError) {
        let upper = text.uppercased()
        guard upper.hasPrefix("EPSG:"), upper.count <= 11, let code = Int(upper.dropFirst(5)),
            upper.dropFirst(5).allSatisfy({ $0.isASCII && $0.isNumber })
        else { throw GDALError("reading '\(text.prefix(32))'", "a CRS is given as EPSG:<code>, e.g. EPSG:4326") }
        try self.init(epsg: code)
    }

    /// A source's own CRS, as GDAL described it (WKT); its EPSG code when the WKT names one.
    init(wkt: String) {
        GDALRuntime.ensureRegistered()
        let srs = OSRNewSpatialReference(nil)!
        defer { OSRDestroySpatialReference(srs) }
        var code: Int?
        if Self.importWKT(wkt, into: srs), let authority = OSRGetAuthorityName(srs, nil),
            String(cString: authority) == "EPSG", let text = OSRGetAuthorityCode(srs, nil)
        {
            code = Int(String(cString: text))
        }
        self.init(definition: wkt, epsg: code)
    }

    /// Whether the definition is WKT (a source's) rather than `EPSG:n`.
    private var isWKT: Bool { !definition.hasPrefix("EPSG:") }

    /// The CRS as WKT, for writing files.
    public var wkt: String {
        guard !isWKT else { return definition }
        let srs = spatialReference()
        defer { OSRDestroySpatialReference(srs) }
        var text: UnsafeMutablePointer<CChar>?
        OSRExportToWkt(srs, &text)
        defer { VSIFree(text) }
        return text.map { String(cString: $0) } ?? ""
    }

    /// A new spatial reference (the caller destroys it) with longitude, or easting, first.
    func spatialReference() -> OGRSpatialReferenceH {
        GDALRuntime.ensureRegistered()
        let srs = OSRNewSpatialReference(nil)!
        if isWKT {
            _ = Self.importWKT(definition, into: srs)
        } else if let epsg {
            OSRImportFromEPSG(srs, Int32(epsg))
        }
        OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
        return srs
    }

    public var description: String { epsg.map { "EPSG:\($0)" } ?? "the source's CRS" }

    /// Reads WKT into `srs`; never `SetFromUserInput`, which also opens files and URLs.
    private static func importWKT(_ wkt: String, into srs: OGRSpatialReferenceH) -> Bool {
        var text: UnsafeMutablePointer<CChar>? = strdup(wkt)
        let start = text
        defer { free(start) }
        return OSRImportFromWkt(srs, &text) == OGRERR_NONE
    }
}
