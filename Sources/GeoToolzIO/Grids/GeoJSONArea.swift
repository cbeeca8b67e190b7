import Foundation

/// An area read from GeoJSON (RFC 7946): a Polygon, a MultiPolygon, a Feature holding one, or a
/// FeatureCollection of such Features, in longitude/latitude. Read strictly: closed rings of at
/// least four positions, finite coordinates within ±180 / ±90, a bounded number of positions.
public enum GeoJSONArea {
    /// The area in `bytes`, holding at most `maxPositions` positions over all its rings.
    public static func read(_ bytes: [UInt8], maxPositions: Int) throws(GeoJSONError) -> AreaPolygons {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
        } catch {
            throw GeoJSONError("not JSON: a GeoJSON Polygon, MultiPolygon, Feature or FeatureCollection is expected")
        }
        var reader = Reader(maxPositions: maxPositions)
        let polygons = try reader.area(object, at: "")
        return AreaPolygons(polygons: polygons)
    }

    /// Reads one document, counting positions as it goes.
    private struct Reader {
        let maxPositions: Int
        var positions = 0

        /// The polygons of a geometry, Feature or FeatureCollection at `path`.
        mutating func area(_ value: Any, at path: String) throws(GeoJSONError) -> [[[AreaPolygons.Point]]] {
            guard let object = value as? [String: Any] else {
                throw GeoJSONError("a GeoJSON object is expected", at: path)
            }
            // Members GeoJSON defines must have their types, whichever object holds them.
            guard object["coordinates"].map({ $0 is [Any] }) ?? true,
                object["geometry"].map({ $0 is [String: Any] }) ?? true,
                object["features"].map({ ($0 as? [Any])?.allSatisfy { $0 is [String: Any] } == true }) ?? true
            else {
                throw GeoJSONError(
                    "'coordinates' is a list, 'features' a list of objects, 'geometry' an object", at: path)
            }
            switch object["type"] as? String {
            case "FeatureCollection":
                guard let features = object["features"] as? [Any], !features.isEmpty else {
                    throw GeoJSONError("a FeatureCollection holds at least one Feature", at: path + "features")
                }
                var polygons = [[[AreaPolygons.Point]]]()
                for (index, feature) in features.enumerated() {
                    let at = "\(path)features[\(index)]"
                    guard (feature as? [String: Any])?["type"] as? String == "Feature" else {
                        throw GeoJSONError("a FeatureCollection's members are Features", at: at)
                    }
                    polygons += try area(feature, at: at + ".")
                }
                return polygons
            case "Feature":
                guard let geometry = object["geometry"] as? [String: Any] else {
                    throw GeoJSONError("the Feature has no geometry", at: path + "geometry")
                }
                guard geometry["type"] as? String != "Feature", geometry["type"] as? String != "FeatureCollection"
                else {
                    throw GeoJSONError("a Feature's geometry is a Polygon or a MultiPolygon", at: path + "geometry")
                }
                return try area(geometry, at: path + "geometry.")
            case "Polygon":
                return [try polygon(object["coordinates"], at: path + "coordinates")]
            case "MultiPolygon":
                guard let list = object["coordinates"] as? [Any], !list.isEmpty else {
                    throw GeoJSONError(
                        "a MultiPolygon's coordinates are a non-empty list of polygons", at: path + "coordinates")
                }
                var polygons = [[[AreaPolygons.Point]]]()
                for (index, item) in list.enumerated() {
                    polygons.append(try polygon(item, at: "\(path)coordinates[\(index)]"))
                }
                return polygons
            default:
                throw GeoJSONError(
                    "the geometry must be a Polygon or a MultiPolygon (or a Feature or FeatureCollection of them)",
                    at: path + "type")
            }
        }

        private mutating func polygon(_ value: Any?, at path: String) throws(GeoJSONError) -> [[AreaPolygons.Point]] {
            guard let rings = value as? [Any], !rings.isEmpty else {
                throw GeoJSONError("a Polygon's coordinates are a non-empty list of rings", at: path)
            }
            var result = [[AreaPolygons.Point]]()
            for (index, ring) in rings.enumerated() {
                let at = "\(path)[\(index)]"
                guard let points = ring as? [Any], points.count >= 4 else {
                    throw GeoJSONError("a ring holds at least four positions", at: at)
                }
                positions += points.count
                guard positions <= maxPositions else {
                    throw GeoJSONError("an area holds at most \(maxPositions) positions", at: at)
                }
                var read = [AreaPolygons.Point]()
                read.reserveCapacity(points.count)
                for (number, point) in points.enumerated() {
                    guard let pair = point as? [Any], pair.count >= 2, let longitude = Self.number(pair[0]),
                        let latitude = Self.number(pair[1]), (-180...180).contains(longitude),
                        (-90...90).contains(latitude)
                    else {
                        throw GeoJSONError(
                            "a position is [longitude, latitude], within ±180 and ±90 degrees", at: "\(at)[\(number)]")
                    }
                    read.append(AreaPolygons.Point(longitude: longitude, latitude: latitude))
                }
                guard read.first == read.last else {
                    throw GeoJSONError("a ring is closed: its last position is its first", at: at)
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
}

/// GeoJSON that is not an area: what is wrong, and where in the document.
public struct GeoJSONError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, and what would be accepted.
    public let message: String
    /// Where: a path such as `features[2].geometry.coordinates[0][5]`; empty for the document.
    public let path: String

    public init(_ message: String, at path: String = "") {
        self.message = message
        self.path = path
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
