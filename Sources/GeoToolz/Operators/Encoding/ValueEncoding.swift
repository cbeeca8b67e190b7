/// An operator that ends a pipeline by turning values into what a tile shows: colours
/// (`Colormap`) or heights packed into RGB bytes (`TerrainRGB`, `Terrarium`). Queries that answer
/// with numbers (a point's value, statistics, a GeoTIFF) run the pipeline without it.
public protocol ValueEncoding: Operator {}
