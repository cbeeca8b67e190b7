import ArgumentParser
import GeoToolzIO

/// `--zoom` of `prewarm` and `export`: `Z` or `MIN-MAX`.
enum ZoomOption {
    static func parse(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let low = Int(parts[0]), let high = Int(parts[parts.count - 1]),
            (0...WebMercatorQuad.maxZoom).contains(low), (low...WebMercatorQuad.maxZoom).contains(high)
        else {
            throw ValidationError(
                "--zoom is Z or MIN-MAX within 0…\(WebMercatorQuad.maxZoom), e.g. 6-12; not '\(text)'")
        }
        return low...high
    }
}
