import Foundation

/// What an artifact records: `manifest.json` at the root of its tarball.
public struct ArtifactManifest: Codable, Sendable, Hashable {
    /// Names the file's kind, so another JSON file is refused plainly.
    public var format = Self.formatName
    /// Raised when a field changes meaning; newer artifacts are refused.
    public var formatVersion = Self.currentFormatVersion
    public var layer: FrozenLayer
    public var render: RenderSettings
    /// Every file GDAL reads for the layer, sorted by path.
    public var inputs: [InputFile]
    /// Whether the inputs are in the tarball, under `data/`.
    public var includesData: Bool
    /// Versions of what makes the bytes: `geotoolz`, `commit` (when known), `gdal`, `proj`,
    /// `libpng`, `libdeflate`, `libwebp`, `libjpeg-turbo`, `swift`.
    public var versions: [String: String]
    /// Where `versions["commit"]` came from.
    public var commitSource: String?
    /// `os`, `architecture`, `glibc`.
    public var platform: [String: String]
    public var referenceTiles: [ReferenceTile]
    /// Free `--meta key=value` pairs (author, date, DOI…).
    public var metadata: [String: String]

    public static let formatName = "geotoolz-artifact"
    public static let currentFormatVersion = 1
    /// The manifest's member name.
    public static let memberName = "manifest.json"
    /// The most bytes a manifest may take: it is read whole.
    public static let maxBytes = 16 << 20

    /// The manifest as written: sorted keys, indented, so equal manifests are equal bytes.
    public func encoded() throws(ArtifactError) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        do { return try encoder.encode(self) } catch { throw ArtifactError("cannot write the manifest: \(error)") }
    }

    /// Reads a manifest, refusing other files and newer formats.
    public static func decode(_ data: Data) throws(ArtifactError) -> ArtifactManifest {
        guard data.count <= maxBytes else {
            throw ArtifactError("\(memberName) is \(data.count) bytes, more than the limit of \(maxBytes)")
        }
        let manifest: ArtifactManifest
        do {
            manifest = try JSONDecoder().decode(ArtifactManifest.self, from: data)
        } catch {
            throw ArtifactError("\(memberName) is not a GeoToolz artifact manifest: \(error)")
        }
        guard manifest.format == formatName else {
            throw ArtifactError("\(memberName) has format '\(manifest.format)', not '\(formatName)'")
        }
        guard manifest.formatVersion <= currentFormatVersion else {
            throw ArtifactError(
                "the artifact has format version \(manifest.formatVersion); this geotoolz reads up to "
                    + "\(currentFormatVersion)")
        }
        return manifest
    }
}
