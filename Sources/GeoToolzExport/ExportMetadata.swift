import GeoToolzIO
import GeoToolzSeed

extension TileArchiveMetadata {
    /// What an export of `layer` over `plan`'s coverage and `zooms` in `format` says of itself:
    /// the layer's name, title and attribution, the area exported (the layer's data within the
    /// coverage), its centre at the first zoom, and the layer's config hash.
    public init(exporting layer: Layer, zooms: ClosedRange<Int>, coverage: PlanCoverage, format: TileFormat) {
        var bounds = layer.bounds
        let requested: GeoBounds? =
            switch coverage {
            case .everywhere: nil
            case .box(let box): box
            case .polygons(let area): area.bounds
            }
        // A coverage off the layer exports no tile; the archive then still says where the layer is.
        if let requested, let part = bounds.intersection(requested) { bounds = part }
        let served = zooms.clamped(to: layer.minZoom...layer.maxZoom)
        self.init(
            name: layer.name, description: layer.title, attribution: layer.attribution, format: format,
            bounds: bounds,
            center: .init(
                longitude: (bounds.west + bounds.east) / 2, latitude: (bounds.south + bounds.north) / 2,
                zoom: served.lowerBound),
            minZoom: served.lowerBound, maxZoom: served.upperBound, configHash: layer.configHash)
    }
}
