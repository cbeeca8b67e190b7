import GeoToolz

/// TiTiler's `colormap`: a JSON mapping from a pixel value to its colour,
/// `{"1": "#ff0000", "2": [0, 255, 0, 255]}`, drawn as a discrete colormap (values of no entry
/// are transparent, as in rio-tiler).
enum ColormapParameter {
    /// Reads only the document: a query is at most 2048 bytes, and the mapping two levels deep.
    private static let reader = PipelineLoader(
        registry: .standard,
        limits: PipelineLimits(
            maxDocumentValues: 1 + TileParameters.maxColormapEntries * 6,
            maxDocumentBytes: TileParameters.maxQueryBytes,
            maxDocumentDepth: 3))

    /// The classes `text` describes, by ascending value.
    static func classes(_ text: String) throws(TileParameterError) -> [ValueColor] {
        let document: ConfigDocument
        do {
            document = try reader.parse(text: text, rootName: "colormap")
        } catch {
            throw TileParameterError("colormap", "not a JSON mapping of value to colour: \(error.message)")
        }
        guard case .object(let entries) = document.root else {
            let form =
                if case .array = document.root {
                    "interval colormaps ([[min, max], colour] lists) are not supported"
                } else { "found \(document.root.kindName)" }
            throw TileParameterError("colormap", "give a JSON mapping {\"value\": colour, …}; \(form)")
        }
        guard (1...TileParameters.maxColormapEntries).contains(entries.count) else {
            throw TileParameterError(
                "colormap", "a colormap has 1 to \(TileParameters.maxColormapEntries) entries, found \(entries.count)")
        }
        var classes = [ValueColor]()
        var seen = Set<Float>()
        for (key, value) in entries {
            guard let number = Double(key.withoutSpaces), number.isFinite,
                number.magnitude <= Double(Float.greatestFiniteMagnitude)
            else {
                throw TileParameterError("colormap", "the key '\(TileParameters.clipped(key))' is not a pixel value")
            }
            guard seen.insert(Float(number)).inserted else {
                throw TileParameterError("colormap", "the value \(key) is listed twice (as Float32 pixels)")
            }
            guard let color = color(value) else {
                throw TileParameterError(
                    "colormap",
                    "the colour of \(TileParameters.clipped(key)) is not \"#rgb\", \"#rgba\", \"#rrggbb\", "
                        + "\"#rrggbbaa\", [r, g, b] or [r, g, b, a] (0–255)")
            }
            classes.append(ValueColor(number, color))
        }
        return classes.sorted { $0.value < $1.value }
    }

    /// The mapping written canonically (sorted keys, numbers and colours as configs write them).
    static func canonical(_ classes: [ValueColor]) -> String {
        CanonicalJSON.string(
            .object(
                Dictionary(
                    uniqueKeysWithValues: classes.map { (TileParameters.format($0.value), $0.color.configValue) })))
    }

    /// A colour as rio-tiler reads one: hex with 3, 4, 6 or 8 digits, or 3 or 4 channels.
    private static func color(_ value: ConfigValue) -> ConfigColor? {
        if case .string(let text) = value, text.hasPrefix("#"), text.count == 4 || text.count == 5 {
            // `#f00` is `#ff0000`: each digit doubled.
            return ConfigColor(config: .string("#" + text.dropFirst().map { "\($0)\($0)" }.joined()))
        }
        return ConfigColor(config: value)
    }
}
