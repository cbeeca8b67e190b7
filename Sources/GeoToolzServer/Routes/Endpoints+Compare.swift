import GeoToolzCache
import GeoToolzDiff
import GeoToolzIO

/// `/compare/{a}/{b}/{z}/{x}/{y}.png`: where and by how much two layers (or stored pipelines)
/// differ over one tile, their values before the final colormap, through a diverging colormap.
extension Endpoints {
    func compare(_ old: QueryTarget, _ new: QueryTarget, _ address: TileAddress, _ request: RequestInfo) throws
        -> Reply
    {
        let query = try QueryParameters(TileParameters.query(of: request.head.uri), allowed: ["range"])
        let range = try query.value("range").map { text throws(TileParameterError) in
            let value = try QueryParameters.number(text, "range")
            guard value > 0 else {
                throw TileParameterError("range", "must be above 0: the difference drawn at full colour")
            }
            return value
        }
        guard let tile = address.gridTile else {
            return .now(
                .error(
                    .notFound, "tile outside the tile matrix",
                    detail: "zoom \(address.z) has no tile \(address.x)/\(address.y)"))
        }
        return withLayer(old, request) { a in
            self.withLayer(new, request) { b in
                guard a.serves(tile) || b.serves(tile) else {
                    return .now(HTTPResponse(status: .noContent, headers: [:]))
                }
                return self.image(of: b, request, format: .png) {
                    try DifferenceTile.render(old: a, new: b, tile: tile, scale: 1, range: range)
                }
            }
        }
    }
}
