import ArgumentParser
import Foundation
import GeoToolzIO
import GeoToolzSeed

/// Where `prewarm` and `export` take tiles: `--bbox` or `--geojson`, within each layer's data.
struct CoverageOptions: ParsableArguments {
    @Option(
        parsing: .unconditional, help: "Only tiles over minlon,minlat,maxlon,maxlat (default: each layer's bounds).")
    var bbox: String?

    @Option(
        help: ArgumentHelp(
            "Only tiles sharing area with the polygons of this GeoJSON file.",
            discussion: "A Polygon, MultiPolygon, Feature or FeatureCollection in longitude/latitude (RFC 7946).",
            valueName: "file"))
    var geojson: String?

    /// The most positions a coverage file may hold: a detailed country outline has a few hundred
    /// thousand.
    static let maxPositions = 5_000_000

    func validate() throws {
        if bbox != nil && geojson != nil {
            throw ValidationError("--bbox and --geojson both choose the area: give one")
        }
        _ = try box()
    }

    /// The coverage the options give; reads and checks the GeoJSON file.
    func coverage() throws -> PlanCoverage {
        if let box = try box() { return .box(box) }
        guard let geojson else { return .everywhere }
        guard let data = FileManager.default.contents(atPath: geojson) else {
            throw ValidationError("--geojson: cannot read \(geojson)")
        }
        do {
            return .polygons(try GeoJSONArea.read(Array(data), maxPositions: Self.maxPositions))
        } catch {
            throw ValidationError("--geojson \(geojson): \(error)")
        }
    }

    private func box() throws -> GeoBounds? {
        try bbox.map(Self.box)
    }

    /// `minlon,minlat,maxlon,maxlat` as bounds, or the error `--bbox` reports.
    static func box(_ bbox: String) throws -> GeoBounds {
        let numbers = bbox.split(separator: ",", omittingEmptySubsequences: false).map {
            Double($0.trimmingCharacters(in: .whitespaces))
        }
        guard numbers.count == 4, let west = numbers[0], let south = numbers[1], let east = numbers[2],
            let north = numbers[3], -180 <= west, west < east, east <= 180, -90 <= south, south < north, north <= 90
        else {
            throw ValidationError(
                "--bbox is minlon,minlat,maxlon,maxlat in degrees, west < east and south < north; not '\(bbox)'")
        }
        return GeoBounds(west: west, south: south, east: east, north: north)
    }
}
