import FuzzSupport
import GeoToolz

/// Feeds arbitrary text to the pipeline loader with the standard registry, as `geotoolz pipeline`
/// and layer files do: any input may be refused with a `ConfigError`, none may trap.
@main
enum FuzzPipelineConfig {
    static let loader = PipelineLoader(registry: .standard)

    static func main() {
        FuzzMain.run { data, size in
            _ = try? FuzzPipelineConfig.loader.load(text: FuzzInput.text(data, size), source: "fuzz.yaml")
            return 0
        }
    }
}
