/// Up to 256 RGBA colours indexed by a colormapped tensor's single band.
///
/// A colormap's output keeps this index form so the encoder can write an 8-bit palette PNG.
public struct Palette: Sendable, Hashable {
    /// RGBA colours, four bytes per entry.
    public let rgba: [UInt8]

    /// Creates a palette from RGBA bytes (a multiple of four, at most 256 entries).
    public init(rgba: [UInt8]) {
        precondition(rgba.count % 4 == 0 && rgba.count <= 1024, "a palette is at most 256 RGBA entries")
        self.rgba = rgba
    }

    /// Number of entries.
    public var count: Int { rgba.count / 4 }
}
