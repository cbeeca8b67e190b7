/// A failure reported by GDAL, with GDAL's own message.
public struct GDALError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was being done, e.g. `opening data/srtm90.tif`.
    public let context: String
    /// GDAL's last error message on this thread, or a description when GDAL gave none.
    public let message: String

    public init(_ context: String, _ message: String) {
        self.context = context
        self.message = message
    }

    /// A raster GDAL was not allowed to open: `message` says why, with no GDAL context.
    init(refusing message: String) {
        self.init("", message)
    }

    public var description: String {
        if context.isEmpty { return message }
        return message.isEmpty ? context : "\(context): \(message)"
    }
}
