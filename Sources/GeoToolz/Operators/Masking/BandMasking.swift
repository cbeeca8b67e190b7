/// Decides, from one mask band value, whether a pixel becomes nodata.
protocol MaskRule {
    /// Whether the pixel whose mask band holds `value` (finite) is masked out.
    func masks(_ value: Float) -> Bool
}

/// The work shared by the masking operators: pixels the rule masks, and pixels whose mask
/// value is not finite, become NaN in every band; the mask band is dropped unless kept.
/// Like every operator, it keeps a pixel invalid in any band invalid in all of them.
enum BandMasking {
    static func apply<Rule: MaskRule>(
        _ rule: Rule, to input: GeoTensor, maskBand: Int, keepMaskBand: Bool, for operatorName: String
    ) throws -> GeoTensor {
        try input.requireBands([maskBand], for: operatorName)
        let maskIndex = maskBand - 1
        let kept = (0..<input.bands).filter { keepMaskBand || $0 != maskIndex }
        guard !kept.isEmpty else {
            throw OperatorError(
                operatorName, "the input holds only the mask band; set keepBand: true to keep it")
        }
        let pixels = input.pixelCount
        let deadline = RenderDeadline.current
        return try input.withNewValues(bands: kept.count) { source, output in
            let mask = source.baseAddress! + maskIndex * pixels
            let first = output.baseAddress!
            let firstSource = source.baseAddress! + kept[0] * pixels
            try DeadlineChunks.forEach(pixels, checking: deadline) { start, count in
                for index in start..<(start + count) {
                    let value = mask[index]
                    first[index] = value.isFinite && !rule.masks(value) ? firstSource[index] : .nan
                }
            }
            // The rule runs once per pixel; the other bands copy the verdict from the first, where
            // a pixel invalid in that band is invalid in all, as the tensor defines validity.
            for (slot, band) in kept.enumerated().dropFirst() {
                try deadline?.check()
                let from = source.baseAddress! + band * pixels
                let to = output.baseAddress! + slot * pixels
                for index in 0..<pixels { to[index] = first[index].isFinite ? from[index] : .nan }
            }
        }
    }
}
