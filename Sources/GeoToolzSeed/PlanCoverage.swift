import GeoToolzIO

/// Where a seeding run takes tiles, besides each layer's data: everywhere the data is, within a
/// longitude/latitude box (`--bbox`), or within polygons (`--geojson`).
public enum PlanCoverage: Sendable, Hashable {
    case everywhere
    case box(GeoBounds)
    case polygons(AreaPolygons)
}
