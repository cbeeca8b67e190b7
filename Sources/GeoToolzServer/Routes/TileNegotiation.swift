import GeoToolzIO

/// The format of a tile URL without an extension, chosen by the request's `Accept` header among
/// the formats the layer serves: the one the client weighs highest (`q`), ties going to the
/// layer's order, so its default wins wherever the client does not mind. A client that accepts
/// none of them still gets the default: an image it may not want beats an error for a map.
enum TileNegotiation {
    /// The format for `accept` (nil: no header) among `formats`.
    static func format(accept: String?, among formats: LayerFormats) -> TileFormat {
        guard let accept, !accept.isEmpty else { return formats.primary }
        var best: (format: TileFormat, weight: Double)?
        for format in formats.served {
            let weight = self.weight(of: format, in: accept)
            if weight > 0, weight > (best?.weight ?? 0) { best = (format, weight) }
        }
        return best?.format ?? formats.primary
    }

    /// The `q` the header gives `format`: its own media type's, else `image/*`'s, else `*/*`'s,
    /// else 0. Malformed entries count for nothing.
    private static func weight(of format: TileFormat, in accept: String) -> Double {
        var exact: Double?
        var images: Double?
        var any: Double?
        for entry in accept.split(separator: ",").prefix(64) {
            let parts = entry.split(separator: ";")
            guard let range = parts.first?.trimmingCharacters(in: .whitespaces).lowercased() else { continue }
            var weight = 1.0
            for parameter in parts.dropFirst() {
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if pair.count == 2, pair[0].lowercased() == "q" {
                    weight = Double(pair[1]).map { min(max($0, 0), 1) } ?? 0
                }
            }
            switch range {
            case format.mediaType: exact = max(exact ?? 0, weight)
            case "image/*": images = max(images ?? 0, weight)
            case "*/*": any = max(any ?? 0, weight)
            default: continue
            }
        }
        return exact ?? images ?? any ?? 0
    }
}
