import Foundation
import GeoToolzIO

/// A GeoJSON area posted to `/statistics`: a Polygon, a MultiPolygon, or a Feature holding one,
/// in longitude/latitude (RFC 7946). Read strictly: closed rings of at least four positions,
/// finite coordinates within ±180 / ±90, a bounded number of positions.
enum GeoJSONArea {
    /// Positions an area may hold over all its rings.
    static let maxPositions = 20_000

    /// The area in `body`; refusals name `body`.
    static func read(_ body: [UInt8]) throws(TileParameterError) -> AreaPolygons {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw TileParameterError("body", "not JSON: post a GeoJSON Polygon, MultiPolygon or Feature")
        }
        guard var geometry = object as? [String: Any] else {
            throw TileParameterError("body", "a GeoJSON object is expected")
        }
        // Members GeoJSON defines must have their types, whichever object holds them.
        guard geometry["coordinates"].map({ $0 is [Any] }) ?? true,
            geometry["geometry"].map({ $0 is [String: Any] }) ?? true
        else { throw TileParameterError("body", "'coordinates' is a list and 'geometry' an object") }
        if geometry["type"] as? String == "Feature" {
            guard let inner = geometry["geometry"] as? [String: Any] else {
                throw TileParameterError("body", "the Feature has no geometry")
            }
            geometry = inner
        }
        var positions = 0
        switch geometry["type"] as? String {
        case "Polygon":
            return AreaPolygons(polygons: [try polygon(geometry["coordinates"], counting: &positions)])
        case "MultiPolygon":
            guard let list = geometry["coordinates"] as? [Any], !list.isEmpty else {
                throw TileParameterError("body", "a MultiPolygon's coordinates are a non-empty list of polygons")
            }
            var polygons = [[[AreaPolygons.Point]]]()
            for item in list { polygons.append(try polygon(item, counting: &positions)) }
            return AreaPolygons(polygons: polygons)
        default:
            throw TileParameterError("body", "the geometry must be a Polygon or a MultiPolygon (or a Feature of one)")
        }
    }

    private static func polygon(_ value: Any?, counting positions: inout Int) throws(TileParameterError)
        -> [[AreaPolygons.Point]]
    {
        guard let rings = value as? [Any], !rings.isEmpty else {
            throw TileParameterError("body", "a Polygon's coordinates are a non-empty list of rings")
        }
        var result = [[AreaPolygons.Point]]()
        for ring in rings {
            guard let points = ring as? [Any], points.count >= 4 else {
                throw TileParameterError("body", "a ring holds at least four positions")
            }
            positions += points.count
            guard positions <= maxPositions else {
                throw TileParameterError("body", "an area holds at most \(maxPositions) positions")
            }
            var read = [AreaPolygons.Point]()
            for point in points {
                guard let pair = point as? [Any], pair.count >= 2, let longitude = number(pair[0]),
                    let latitude = number(pair[1]), (-180...180).contains(longitude), (-90...90).contains(latitude)
                else {
                    throw TileParameterError(
                        "body", "a position is [longitude, latitude], within ±180 and ±90 degrees")
                }
                read.append(AreaPolygons.Point(longitude: longitude, latitude: latitude))
            }
            guard read.first == read.last else {
                throw TileParameterError("body", "a ring is closed: its last position is its first")
            }
            result.append(read)
        }
        return result
    }

    /// A JSON number (booleans are refused, though Foundation reads them as numbers too).
    private static func number(_ value: Any) -> Double? {
        // Foundation gives booleans as NSNumbers of a char.
        guard let number = value as? NSNumber, String(cString: number.objCType) != "c" else { return nil }
        let double = number.doubleValue
        return double.isFinite ? double : nil
    }
}
