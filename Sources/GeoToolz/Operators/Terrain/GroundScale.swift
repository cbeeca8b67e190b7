import Foundation

/// How a CRS's map units relate to metres on the ground, so terrain gradients come out in
/// metres of height per metre of ground whatever the raster's projection.
enum GroundScale: Equatable {
    /// A projected CRS in metres (UTM, national grids): map units are ground metres.
    case metres
    /// Web Mercator (EPSG:3857): metres at the equator; on the ground a map metre is
    /// `cos(latitude)` metres.
    case webMercator
    /// A geographic CRS: degrees of longitude and latitude on the WGS 84 sphere.
    case degrees

    /// The radius of the sphere Web Mercator and the degree conversion use.
    static let earthRadius = 6_378_137.0

    /// Recognises Web Mercator and geographic CRSs by EPSG code, PROJ string or WKT; anything
    /// else is taken to be projected in metres.
    init(crs: String) {
        let text = crs.uppercased().filter { !$0.isWhitespace }
        let mercatorCodes = ["EPSG:3857", "EPSG:900913", "EPSG:3785", "EPSG:102100", "EPSG:102113"]
        let geographicCodes = ["EPSG:4326", "OGC:CRS84", "CRS:84", "EPSG:4269", "EPSG:4258"]
        if mercatorCodes.contains(text) || text.contains("PSEUDO-MERCATOR") || text.contains("POPULARVISUALISATION")
            || text.contains("+PROJ=WEBMERC") || text.hasSuffix("ID[\"EPSG\",3857]]")
            || text.hasSuffix("AUTHORITY[\"EPSG\",\"3857\"]]")
        {
            self = .webMercator
        } else if geographicCodes.contains(text) || text.hasPrefix("GEOGCS[") || text.hasPrefix("GEOGCRS[")
            || text.hasPrefix("GEODCRS[") || text.contains("+PROJ=LONGLAT") || text.contains("+PROJ=LATLONG")
        {
            self = .degrees
        } else {
            self = .metres
        }
    }

    /// The ground distance, in metres, of one column step `dx` and one row step `dy` (map
    /// units, signed as the map axes) on the row whose centre lies at map y `y`.
    func groundSteps(dx: Double, dy: Double, atMapY y: Double) -> (x: Double, y: Double) {
        switch self {
        case .metres:
            return (dx, dy)
        case .webMercator:
            let scale = cos(atan(sinh(y / Self.earthRadius)))
            return (dx * scale, dy * scale)
        case .degrees:
            let metresPerDegree = Self.earthRadius * .pi / 180
            return (dx * metresPerDegree * cos(y * .pi / 180), dy * metresPerDegree)
        }
    }
}
