/// The frame every spectral index shares: one output band computed from some input bands.
enum SpectralIndex {
    /// Checks `bands` (1-based) exist, lets `body` write every pixel of the one output band
    /// from the input's values (band b starts at `source + (b − 1) · pixels`), then makes any
    /// non-finite result (a zero denominator) and any pixel invalid in the input NaN.
    static func compute(
        _ input: GeoTensor, reading bands: [Int], for operatorName: String,
        _ body: (_ source: UnsafePointer<Float>, _ output: UnsafeMutablePointer<Float>, _ pixels: Int) -> Void
    ) throws -> GeoTensor {
        try input.requireBands(bands, for: operatorName)
        // One cheap pass over the bands: checking before it is often enough.
        try RenderDeadline.checkCurrent()
        let pixels = input.pixelCount
        return input.withNewValues(bands: 1) { source, output in
            guard pixels > 0 else { return }
            body(source.baseAddress!, output.baseAddress!, pixels)
            Validity.normalize(output)
            Validity.propagate(from: source, bands: input.bands, into: output, outputBands: 1, pixelCount: pixels)
        }
    }
}
