/// The colormaps the server lists at `/colormaps`, for legends in viewers.
public protocol ColormapProvider: Sendable {
    /// Every colormap name, sorted.
    var names: [String] { get }
    /// The RGBA lookup table (4 bytes per entry) of a named colormap.
    func lut(named name: String) -> [UInt8]?
    /// A horizontal legend of the colormap as a PNG.
    func legendPNG(named name: String) -> [UInt8]?
}
