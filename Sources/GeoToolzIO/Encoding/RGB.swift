/// An opaque colour, eight bits per channel: what transparent pixels are composited onto for
/// formats without alpha.
public struct RGB: Sendable, Hashable {
    public var red: UInt8
    public var green: UInt8
    public var blue: UInt8

    public init(red: UInt8, green: UInt8, blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// White, the usual background of a map.
    public static let white = RGB(red: 255, green: 255, blue: 255)
}
