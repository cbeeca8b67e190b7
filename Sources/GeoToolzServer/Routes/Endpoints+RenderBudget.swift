import GeoToolz
import GeoToolzCache
import Logging
import NIOHTTP1

extension Endpoints {
    /// The answer to a tile whose render ran past its budget: 503, never cached, with
    /// `Retry-After` of the budget (at least a second), so a client that retries does not
    /// hold a render thread more often than one budget's time.
    static func overBudget(
        _ layer: String, _ address: TileAddress, budget: Duration, requestID: RequestID, logger: Logger
    ) -> HTTPResponse {
        let milliseconds = Int(budget.milliseconds.rounded())
        logger.warning(
            "render over budget",
            metadata: [
                "request": "\(requestID)", "layer": "\(layer)", "tile": "\(address)",
                "budget": "\(milliseconds) ms",
            ])
        return .retryLater(
            .serviceUnavailable, "render over budget",
            detail: "layer '\(layer)', tile \(address.z)/\(address.x)/\(address.y): the render took longer "
                + "than its \(milliseconds) ms budget and was abandoned; retry later",
            after: retryAfterSeconds(budget), requestID: requestID)
    }

    /// Whole seconds to wait before retrying a render abandoned at `budget`.
    static func retryAfterSeconds(_ budget: Duration) -> Int {
        max(1, Int(budget.seconds.rounded(.up)))
    }
}
