import ArgumentParser
import GeoToolz
import GeoToolzIO

/// Where the layers and their data are, shared by the commands that render.
struct CatalogOptions: ParsableArguments {
    @Option(help: "The directory of layer files (*.yaml).")
    var layers = "layers"

    @Option(help: "The directory the layers' rasters are in.")
    var data = "data"

    @Flag(help: "Let layers read GDAL virtual file systems (/vsicurl/ and others) and connection strings.")
    var allowVirtualFileSystems = false

    @Option(parsing: .unconditional, help: "Deflate level of the PNG tiles, 0 (fastest) … 9 (smallest).")
    var pngLevel = PNGEncoder().compressionLevel

    @Option(help: "PNG row filter: \(PNGFilter.allCases.map(\.rawValue).joined(separator: ", ")).")
    var pngFilter = PNGEncoder().filter.rawValue

    @Option(parsing: .unconditional, help: "Quality of lossy WebP tiles (imagery), 0 (smallest) … 100 (best).")
    var webpQuality = Int(WebPEncoder().quality)

    @Option(parsing: .unconditional, help: "Quality of JPEG tiles, 1 (smallest) … 100 (best).")
    var jpegQuality = JPEGEncoder().quality

    /// Loads every layer file, with GDAL handles ready for `renderThreads` concurrent renders;
    /// throws the located error of the first bad one.
    func load(renderThreads: Int = 1) throws -> LayerCatalog {
        let options = try layerOptions(renderThreads: renderThreads)
        let dataDirectory = try DataDirectory(data, allowVirtualFileSystems: allowVirtualFileSystems)
        return try LayerCatalog(directory: layers, dataDirectory: dataDirectory, options: options)
    }

    /// The encoder settings given, for `renderThreads` concurrent renders.
    func layerOptions(renderThreads: Int = 1) throws -> LayerOptions {
        guard let filter = PNGFilter(rawValue: pngFilter), (0...9).contains(pngLevel) else {
            throw ValidationError("--png-level is 0…9 and --png-filter one of \(PNGFilter.allCases.map(\.rawValue))")
        }
        guard (0...100).contains(webpQuality), (1...100).contains(jpegQuality) else {
            throw ValidationError("--webp-quality is 0…100 and --jpeg-quality 1…100")
        }
        return LayerOptions(
            encoder: PNGEncoder(compressionLevel: pngLevel, filter: filter),
            webp: WebPEncoder(quality: Float(webpQuality)), jpeg: JPEGEncoder(quality: jpegQuality),
            renderThreads: renderThreads)
    }

    /// Loads the catalog, or exits 1 with the located error.
    func loadOrExit(renderThreads: Int = 1) throws -> LayerCatalog {
        do {
            return try load(renderThreads: renderThreads)
        } catch let error as ValidationError {
            throw error
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
    }

    /// Loads the catalog and picks one layer, or exits 1 with a located error.
    func layer(named name: String) throws -> Layer {
        let catalog = try loadOrExit()
        guard let layer = catalog.layer(named: name) else {
            printError(
                "error: no layer '\(name)' in \(layers) (layers: \(catalog.layers.map(\.name).joined(separator: ", ")))"
            )
            throw ExitCode.failure
        }
        return layer
    }
}
