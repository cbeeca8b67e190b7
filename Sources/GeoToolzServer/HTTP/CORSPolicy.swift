import NIOHTTP1

/// Cross-origin access: what browsers on other origins may call and read.
///
/// Tiles and metadata are public and read-only, so a preflight is answered for any origin the
/// server is configured to allow, for the methods it serves and the headers map clients send.
enum CORSPolicy {
    /// The methods most routes take (the ones reading pipelines take `POST, OPTIONS`).
    static let allowedMethods = "GET, HEAD, OPTIONS"
    /// Request headers a cross-origin request may carry.
    static let allowedHeaders =
        "If-None-Match, If-Modified-Since, Cache-Control, Range, X-Request-Id, Content-Type, Authorization"
    /// Response headers a cross-origin script may read.
    static let exposedHeaders = "ETag, X-Cache, X-Config-Hash, X-QC-Warnings, X-Request-Id, Server-Timing, X-Mosaic"
    /// Seconds a browser may reuse a preflight's answer.
    static let maxAge = 86_400

    /// The answer to `OPTIONS`: 204 with the methods (and, for a CORS preflight, the CORS headers).
    static func preflight(_ head: HTTPRequestHead, origin: String?, methods: String = allowedMethods) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add(name: "Allow", value: methods)
        if origin != nil, head.headers.first(name: "Access-Control-Request-Method") != nil {
            headers.add(name: "Access-Control-Allow-Methods", value: methods)
            headers.add(name: "Access-Control-Allow-Headers", value: allowedHeaders)
            headers.add(name: "Access-Control-Max-Age", value: String(maxAge))
        }
        headers.add(name: "Cache-Control", value: "public, max-age=\(maxAge)")
        return HTTPResponse(status: .noContent, headers: headers)
    }
}
