import GeoToolz
import GeoToolzIO

/// Every named colormap with its lookup table and a legend PNG, made once at start-up so
/// `/colormaps` answers without encoding anything.
public struct ColormapLegends: Sendable {
    /// One colormap as served.
    public struct Entry: Sendable {
        /// RGBA, four bytes per entry.
        public let lut: [UInt8]
        /// A 256 × 16 horizontal ramp.
        public let legendPNG: [UInt8]
    }

    /// Every name, sorted as the catalog lists them.
    public let names: [String]
    private let entries: [String: Entry]

    /// Builds the legends of every colormap in `ColormapCatalog`.
    public init(encoder: PNGEncoder = PNGEncoder()) throws {
        var entries = [String: Entry]()
        for name in ColormapCatalog.names {
            guard let palette = ColormapCatalog.palette(named: name) else { continue }
            let width = palette.count
            let height = 16
            var values = [Float](repeating: 0, count: width * height)
            for row in 0..<height {
                for column in 0..<width { values[row * width + column] = Float(column) }
            }
            let ramp = GeoTensor(bands: 1, height: height, width: width, values: values, palette: palette)
            entries[name] = Entry(lut: palette.rgba, legendPNG: Array(try encoder.encode(ramp).data))
        }
        self.names = ColormapCatalog.names.filter { entries[$0] != nil }
        self.entries = entries
    }

    /// The colormap called `name`.
    public func entry(_ name: String) -> Entry? { entries[name] }
}
