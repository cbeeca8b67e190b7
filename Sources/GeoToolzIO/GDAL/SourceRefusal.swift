/// A raster the confinement will not let GDAL open, and why.
struct SourceRefusal: Error, Sendable, Hashable {
    /// The full reason, naming the file refused wherever it is: for the operator loading layers.
    let message: String
    /// The reason without paths outside the data directory: safe to hand to an HTTP client.
    let publicMessage: String

    init(_ message: String, publicMessage: String) {
        self.message = message
        self.publicMessage = publicMessage
    }
}
