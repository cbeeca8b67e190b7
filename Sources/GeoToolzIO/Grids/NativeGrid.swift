/// A window laid on a source's own pixels (of its full raster or of one overview), in the
/// source's CRS: reading it gives the source's pixel values unchanged, as a GIS reading the
/// file's window would.
public struct NativeGrid: Sendable, Hashable {
    /// The window, in the source's CRS.
    public let window: GridWindow
    /// The level whose pixels the window lies on.
    public let level: SourceLevel
    /// The window's first column and row in that level's pixels.
    public let column: Int
    public let row: Int
    /// The file whose grid it is.
    public let path: String
}
