import Foundation

/// The JSON metadata of a PMTiles archive: the TileJSON-style keys viewers read, and the config
/// hash. The header holds the rest (zooms, bounds, centre, tile type).
struct PMTilesJSONMetadata: Codable, Sendable, Hashable {
    var name: String?
    var description: String?
    var attribution: String?
    var format: String?
    var type: String?
    var version: String?
    var configHash: String?

    enum CodingKeys: String, CodingKey {
        case name, description, attribution, format, type, version
        case configHash = "geotoolz:config_hash"
    }

    init(_ metadata: TileArchiveMetadata) {
        name = metadata.name
        description = metadata.description
        attribution = metadata.attribution
        format = MBTilesSchema.formatName(metadata.format)
        type = "baselayer"
        version = "1.0.0"
        configHash = metadata.configHash
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and optionals cannot fail.
        return Array(try! encoder.encode(self))
    }

    /// Parses the metadata; unknown keys are ignored, and so is JSON that is not an object of
    /// these keys as strings, as the keys are optional by the specification.
    static func decode(_ bytes: [UInt8]) -> PMTilesJSONMetadata? {
        try? JSONDecoder().decode(PMTilesJSONMetadata.self, from: Data(bytes))
    }
}
