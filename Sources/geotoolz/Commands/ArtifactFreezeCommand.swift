import ArgumentParser
import Foundation
import GeoToolzArtifact
import GeoToolzIO

/// `geotoolz artifact freeze`: one layer pinned in a tarball.
struct ArtifactFreezeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "freeze",
        abstract:
            "Freeze a layer: its config, its inputs' hashes, the versions that make its bytes and reference tiles.",
        discussion: """
            The artifact is a POSIX tar file holding manifest.json, the bytes of a few reference tiles \
            (tiles/) and, with --include-data, the input files (data/). The git commit is taken from \
            GEOTOOLZ_COMMIT, else from `git rev-parse HEAD` of the source tree when it is still there.
            """)

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The layer's name.")
    var layer: String

    @Option(name: .shortAndLong, help: "The artifact to write (.tar).")
    var output: String

    @Option(help: "Zooms of the reference tiles, Z or MIN-MAX (default: the layer's first four).")
    var zoom: String?

    @Option(parsing: .unconditional, help: "Only reference tiles over minlon,minlat,maxlon,maxlat.")
    var bbox: String?

    @Option(parsing: .unconditional, help: "How many reference tiles to render, 1…1000.")
    var referenceTiles = 16

    @Option(parsing: .unconditional, help: "How many reference tiles keep their bytes in the artifact, 0…64.")
    var storedTiles = 4

    @Flag(help: "Put the input files inside the artifact, so verifying needs no data directory.")
    var includeData = false

    @Option(parsing: .unconditional, help: "Megabytes of input files --include-data takes at most.")
    var includeDataLimit = 256

    @Option(
        help: ArgumentHelp("A key=value pair recorded under 'metadata' (author, date, doi…).", valueName: "key=value"))
    var meta: [String] = []

    func validate() throws {
        try require(referenceTiles, within: 1...1000, for: "--reference-tiles")
        try require(storedTiles, within: 0...64, for: "--stored-tiles")
        try require(includeDataLimit, within: 1...1_048_576, for: "--include-data-limit", "megabytes")
        if let zoom { _ = try ZoomOption.parse(zoom) }
        if let bbox { _ = try CoverageOptions.box(bbox) }
        _ = try metadata()
    }

    func run() throws {
        let layers = try catalog.loadOrExit()
        guard let file = layers.files[layer] else {
            printError(
                "error: no layer '\(layer)' in \(catalog.layers) (layers: \(layers.layers.map(\.name).joined(separator: ", ")))"
            )
            throw ExitCode.failure
        }
        var request = FreezeRequest(
            layerFile: file, dataDirectory: try DataDirectory(catalog.data), options: try catalog.layerOptions())
        request.zooms = try zoom.map(ZoomOption.parse)
        request.area = try bbox.map(CoverageOptions.box)
        request.referenceTiles = referenceTiles
        request.storedTiles = storedTiles
        request.includeData = includeData
        request.includeDataLimit = includeDataLimit << 20
        request.metadata = try metadata()
        let manifest: ArtifactManifest
        do {
            manifest = try ArtifactFreezer.freeze(request, to: output)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let bytes = manifest.inputs.reduce(0) { $0 + $1.size }
        print(
            "froze \(manifest.layer.name) into \(output): config \(manifest.layer.configHash.prefix(16)), "
                + "\(manifest.inputs.count) inputs (\(bytes) bytes\(includeData ? ", included" : "")), "
                + "\(manifest.referenceTiles.count) reference tiles")
    }

    /// `--meta` as a dictionary; a key given twice is refused.
    private func metadata() throws -> [String: String] {
        var pairs = [String: String]()
        for entry in meta {
            guard let equals = entry.firstIndex(of: "="), equals != entry.startIndex else {
                throw ValidationError("--meta is key=value, not '\(entry)'")
            }
            let key = String(entry[..<equals])
            guard pairs[key] == nil else { throw ValidationError("--meta \(key) is given twice") }
            pairs[key] = String(entry[entry.index(after: equals)...])
        }
        return pairs
    }
}
