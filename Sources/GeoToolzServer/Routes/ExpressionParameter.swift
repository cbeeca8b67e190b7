import GeoToolz

/// TiTiler's `expression`: BandMath over the file's bands `b1`…`bN`, several expressions
/// separated by `;` giving several bands (`b4;b3;b2`).
enum ExpressionParameter {
    /// The expressions of `text`, each checked to parse: a refusal gives the column within the
    /// whole parameter.
    static func split(_ text: String) throws(TileParameterError) -> [String] {
        guard text.unicodeScalars.count <= BandMath.maxLength else {
            throw TileParameterError("expression", "the expression is longer than \(BandMath.maxLength) characters")
        }
        var parts = text.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        // A trailing `;` (as some clients write) ends the list rather than adding an empty band.
        if parts.count > 1, parts.last?.withoutSpaces.isEmpty == true { parts.removeLast() }
        guard parts.count <= TileParameters.maxBands else {
            throw TileParameterError(
                "expression", "give at most \(TileParameters.maxBands) expressions: a PNG tile holds 1 to 4 bands")
        }
        var offset = 0
        for part in parts {
            do {
                _ = try BandMath.bands(in: part)
            } catch {
                throw TileParameterError(
                    "expression",
                    "\(error.message) at column \(offset + error.column) of '\(TileParameters.clipped(text))'")
            }
            offset += part.unicodeScalars.count + 1
        }
        return parts
    }
}
