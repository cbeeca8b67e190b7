import FuzzSupport
import GeoToolzServer

/// Parses an arbitrary request target as the HTTP handler does: any input may be refused with a
/// `RouteError`, none may trap.
@main
enum FuzzRoute {
    static func main() {
        FuzzMain.run { data, size in
            if let route = try? Route.parse(Substring(FuzzInput.text(data, size))) {
                _ = (route.metricName, route.layerName)
            }
            return 0
        }
    }
}
