import Foundation
import GeoToolzIO

/// Warms tiles by requesting them from a running tile server, so the server fills its own caches
/// and so do caches in front of it (a CDN, a reverse proxy).
///
/// A 200 counts as rendered, or as cached when the server says it answered from a cache
/// (`X-Cache: memory` or `redis`); a 204 (no data there) as outside; a 503 (render queue full)
/// is retried a few times after the wait the server asks for; anything else is a failure.
public final class HTTPTileWarmer: TileWarmer {
    public let endpoint: HTTPEndpoint
    private let scale: Int
    private let timeout: Duration
    /// Tries of a tile the server refuses as busy (503).
    private let busyRetries: Int

    public init(endpoint: HTTPEndpoint, scale: Int, timeout: Duration = .seconds(60), busyRetries: Int = 5) {
        self.endpoint = endpoint
        self.scale = scale
        self.timeout = timeout
        self.busyRetries = busyRetries
    }

    public func makeWorker() -> any TileWarmingWorker {
        Worker(client: HTTPTileClient(endpoint: endpoint, timeout: timeout), scale: scale, busyRetries: busyRetries)
    }

    /// The server's layers (`GET /layers`): names, zooms, bounds and config hashes.
    public func layers() throws(PrewarmError) -> [LayerExtent] {
        let client = HTTPTileClient(endpoint: endpoint, timeout: .seconds(10))
        let response = try client.get("/layers")
        guard response.status == 200 else {
            throw PrewarmError("\(endpoint)/layers answered HTTP \(response.status); is this a geotoolz server?")
        }
        guard let list = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] else {
            throw PrewarmError("\(endpoint)/layers did not answer a JSON list of layers")
        }
        var extents = [LayerExtent]()
        for entry in list {
            guard let name = entry["name"] as? String, let minZoom = (entry["minzoom"] as? NSNumber)?.intValue,
                let maxZoom = (entry["maxzoom"] as? NSNumber)?.intValue, minZoom <= maxZoom,
                let bounds = (entry["bounds"] as? [NSNumber])?.map(\.doubleValue), bounds.count == 4
            else {
                throw PrewarmError("\(endpoint)/layers lists a layer without name, minzoom, maxzoom and bounds")
            }
            let geographic = GeoBounds(west: bounds[0], south: bounds[1], east: bounds[2], north: bounds[3])
            extents.append(
                LayerExtent(
                    name: name, zooms: minZoom...maxZoom, bounds: geographic.mercator,
                    identity: entry["configHash"] as? String ?? ""))
        }
        return extents
    }

    private final class Worker: TileWarmingWorker {
        let client: HTTPTileClient
        let scale: Int
        let busyRetries: Int

        init(client: HTTPTileClient, scale: Int, busyRetries: Int) {
            self.client = client
            self.scale = scale
            self.busyRetries = busyRetries
        }

        func warm(_ item: TilePlan.Item, of layer: LayerExtent, turn: RenderTurn) -> TileOutcome {
            // Whether the server renders or answers from a cache is known only after asking.
            guard turn.take() else { return .notStarted }
            let tile = item.tile
            // WebMercatorQuad keeps the XYZ URL every map client asks for, so the server's caches
            // are warmed under the same entries.
            let grid = tile.grid == .webMercatorQuad ? "" : tile.grid.identifier + "/"
            let path =
                "/tiles/\(layer.name)/\(grid)\(tile.zoom)/\(tile.x)/\(tile.y)\(scale == 1 ? "" : "@\(scale)x").png"
            var attempt = 0
            while true {
                let response: HTTPTileClient.Response
                do {
                    response = try client.get(path)
                } catch {
                    return .failed("GET \(path): \(error)")
                }
                switch response.status {
                case 200:
                    let source = response.headers["x-cache"]
                    return source == "memory" || source == "redis" ? .cached : .rendered(bytes: response.body.count)
                case 204:
                    return .outside
                case 503 where attempt < busyRetries:
                    // The server's render queue is full: wait as it asks, longer each time.
                    let asked = response.headers["retry-after"].flatMap(Double.init) ?? 0.2
                    Thread.sleep(forTimeInterval: min(max(asked, 0.05) * Double(1 << attempt), 10))
                    attempt += 1
                default:
                    let detail = String(decoding: response.body.prefix(200), as: UTF8.self)
                    return .failed("GET \(path): HTTP \(response.status) \(detail)")
                }
            }
        }
    }
}
