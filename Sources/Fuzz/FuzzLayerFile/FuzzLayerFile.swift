import FuzzSupport
import GeoToolz
import GeoToolzIO

/// Feeds arbitrary text to the layer file reader, as the layer catalog reads a file, up to the
/// `LayerDefinition` (no raster is opened): any input may be refused with a `ConfigError`,
/// none may trap.
@main
enum FuzzLayerFile {
    static let loader = PipelineLoader(registry: .standard)

    static func main() {
        FuzzMain.run { data, size in
            do {
                let document = try FuzzLayerFile.loader.parse(
                    text: FuzzInput.text(data, size), source: "fuzz.yaml", rootName: "layer")
                _ = try LayerDefinition(document: document, defaultName: "fuzz", loader: FuzzLayerFile.loader)
            } catch {}
            return 0
        }
    }
}
