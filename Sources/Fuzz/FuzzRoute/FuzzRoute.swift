import FuzzSupport
import GeoToolzServer

/// Parses an arbitrary request target as the HTTP handler does, its query's rendering parameters
/// included: any input may be refused with a `RouteError` or a `RenderingQueryError`, none may trap.
@main
enum FuzzRoute {
    static func main() {
        FuzzMain.run { data, size in
            let target = FuzzInput.text(data, size)
            if let route = try? Route.parse(Substring(target)) {
                _ = (route.metricName, route.layerName)
            }
            // A canonical query reads back as itself: it keys derived layers and goes into URLs.
            if case .success(let canonical) = RenderingQuery.read(target), !canonical.isEmpty {
                guard case .success(canonical) = RenderingQuery.read("/?" + canonical) else {
                    fatalError("the canonical query \(canonical) does not read back as itself")
                }
            }
            return 0
        }
    }
}
