import GeoToolz

/// `colormap_name` matched against the catalog ignoring case: TiTiler (rio-tiler) names its
/// colormaps in lower case (`rdylgn`, `rdylgn_r`) where matplotlib, and our catalog, write
/// `RdYlGn`.
enum ColormapNames {
    /// The catalog's spelling of `name`: an exact match first, then one ignoring case.
    static func canonical(_ name: String) throws(TileParameterError) -> String {
        if ColormapCatalog.palette(named: name) != nil { return name }
        if let match = byLowercase[name.lowercased()] { return match }
        throw TileParameterError(
            "colormap_name", "unknown colormap '\(TileParameters.clipped(name))'; see /colormaps for the names")
    }

    /// Catalog names by their lower case; where two differ only in case, neither is listed
    /// (only an exact match finds them).
    private static let byLowercase: [String: String] = {
        let grouped = Dictionary(grouping: ColormapCatalog.names, by: { $0.lowercased() })
        return grouped.compactMapValues { $0.count == 1 ? $0[0] : nil }
    }()
}
