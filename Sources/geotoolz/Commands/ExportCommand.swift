import ArgumentParser
import Foundation
import GeoToolzExport
import GeoToolzIO
import GeoToolzSeed

/// `geotoolz export`: a layer's tiles into one MBTiles or PMTiles file; `export merge` joins the
/// files of a sharded export.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a layer's tiles into an MBTiles or PMTiles archive.",
        subcommands: [ExportTilesCommand.self, ExportMergeCommand.self],
        defaultSubcommand: ExportTilesCommand.self
    )
}

/// `geotoolz export [tiles] --layer NAME --zoom A-B -o FILE`.
struct ExportTilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tiles",
        abstract: "Render a layer's tiles over a zoom range into an MBTiles or PMTiles archive (the default).",
        discussion: """
            Tiles render through the server's own render step, so the archive holds the bytes the \\
            server answers. The tiles are those sharing area with the layer's data (and with \\
            --bbox or the polygons of --geojson), in the WebMercatorQuad (XYZ) grid. Identical \\
            tiles, such as empty ones, are stored once.

            The archive is written beside -o (FILE.part) and appears as FILE when every tile is \\
            in. --resume continues an interrupted export (killed, stopped by --duration or \\
            SIGINT), skipping the tiles already written; --force starts over.

            --shard I/N or auto/N exports one part of the plan (as prewarm splits it); put \\
            {shard} in -o to name each part's file (tiles-{shard}.pmtiles becomes \\
            tiles-2-of-8.pmtiles), then join them with `geotoolz export merge`.

            Exit status: 0 every tile in; 1 could not start; 2 finished with failed tiles (the \\
            archive is written without them); 3 stopped after more than --max-failures failed \\
            tiles; 75 stopped at the end of --duration (--resume continues); 130 interrupted.
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(name: .customLong("layer"), help: "The layer to export.")
    var layerName: String

    @Option(help: "The zooms: Z or MIN-MAX, e.g. 6-12; the layer's own zoom range caps it.")
    var zoom: String

    @OptionGroup var coverage: CoverageOptions

    @Option(name: .shortAndLong, help: "The archive to write: FILE.mbtiles or FILE.pmtiles.")
    var output: String

    @Option(help: "The tile format: png, webp or jpg (default: the layer's own).")
    var format: String?

    @Option(parsing: .unconditional, help: "Pixel density: 1 for 256-pixel tiles, 2 for 512-pixel (@2x) tiles.")
    var scale = 1

    @Option(parsing: .unconditional, help: "Tiles rendered at once (default: the number of cores + 1).")
    var concurrency = ProcessInfo.processInfo.activeProcessorCount + 1

    @Option(help: "Take part I of N of the tiles (I from 1 to N), e.g. 2/3; auto/N takes I from the scheduler.")
    var shard = "1/1"

    @Flag(help: "Continue the interrupted export of this file.")
    var resume = false

    @Flag(help: "Replace the file, or the interrupted export's partial state, if there is one.")
    var force = false

    @Option(parsing: .unconditional, help: "Stop once more tiles than this have failed.")
    var maxFailures = 100

    @OptionGroup var pace: PaceOptions

    @Flag(help: "Print how many tiles each zoom holds, and exit.")
    var dryRun = false

    func validate() throws {
        _ = try ZoomOption.parse(zoom)
        try coverage.validate()
        try pace.validate()
        _ = try parsedShard()
        _ = try archiveFormat()
        _ = try tileFormat()
        guard scale == 1 || scale == 2 else { throw ValidationError("--scale is 1 or 2, not \(scale)") }
        try require(concurrency, within: 1...ServeCommand.maxThreads, for: "--concurrency")
        try require(maxFailures, within: 0...Int.max, for: "--max-failures")
        if resume && force { throw ValidationError("--resume continues an export, --force starts it over: give one") }
    }

    func run() throws {
        let shard = try parsedShard()
        let path = outputPath(shard)
        let catalog = try self.catalog.loadOrExit(renderThreads: min(concurrency, 16))
        guard let layer = catalog.layer(named: layerName) else {
            printError(
                "error: no layer '\(layerName)' (layers: \(catalog.layers.map(\.name).joined(separator: ", ")))")
            throw ExitCode.failure
        }
        let format = try tileFormat() ?? layer.formats.primary
        guard format != .geotiff, layer.formats.serves(format) else {
            let served = layer.formats.served.filter { $0 != .geotiff }.map(\.fileExtension).joined(separator: ", ")
            throw ValidationError(
                "--format: \(layer.name) serves \(served) tiles for an archive, not \(format.fileExtension)")
        }
        let zooms = try ZoomOption.parse(zoom)
        let coverage = try self.coverage.coverage()
        let plan = TilePlan(
            layers: [LayerExtent(layer)], zooms: zooms, coverage: coverage, grid: .webMercatorQuad)
        if !zooms.overlaps(layer.minZoom...layer.maxZoom) {
            printError("note: \(layer.name) serves zooms \(layer.minZoom)–\(layer.maxZoom), none of \(zoom)")
        }
        if dryRun {
            print(PlanSummary(plan, shard: shard).lines.joined(separator: "\n"))
            return
        }

        if !resume && !force && FileManager.default.fileExists(atPath: path + ".part") {
            printError(
                "error: an interrupted export left \(path).part: --resume continues it, --force starts over")
            throw ExitCode.failure
        }
        let writer: TileArchiveWriter
        do {
            writer = try TileArchiveWriter.open(path: path, mode: resume ? .resume : .create, overwrite: force)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let metadata = TileArchiveMetadata(exporting: layer, zooms: zooms, coverage: coverage, format: format)
        let reporter = ProgressReporter(style: ProgressReporter.styleForStandardOutput, label: "export")
        let job = PrewarmJob(
            plan: plan, warmer: ArchiveTileWarmer(layers: [layer], writer: writer, scale: scale, format: format),
            shard: shard, concurrency: concurrency, maxFailures: maxFailures, pacer: pace.pacer,
            duration: try pace.duration(),
            onFailure: { item, message in reporter.failure("failed: \(layer.name)/\(item.tile): \(message)") })
        var opening = "export \(job.progress.total) tiles of \(layer.name) (zooms \(zoom)) @\(scale)x as "
        opening += "\(format.fileExtension) into \(path), \(concurrency) at once"
        if shard.count > 1 { opening += ", shard \(shard) of \(plan.count)" }
        opening += pace.summary
        opening += ", plan \(plan.fingerprint)"
        if resume { opening += ", \(writer.tileCount) tiles already written" }
        FileHandle.standardOutput.write(Data((opening + "\n").utf8))

        var run = SeedingRun(label: "export", resumable: true, duration: pace.durationText)
        run.continuation = "run the same command with --resume to continue"
        try run.run(
            job, reporter: reporter, finished: { try writer.finish(metadata) }, unfinished: { try writer.suspend() })
    }

    private func parsedShard() throws -> Shard { try ShardOption.parse(shard) }

    /// `-o` with `{shard}` replaced by `I-of-N`.
    private func outputPath(_ shard: Shard) -> String {
        output.replacingOccurrences(of: "{shard}", with: "\(shard.number)-of-\(shard.count)")
    }

    private func archiveFormat() throws -> TileArchiveFormat {
        guard let format = TileArchiveFormat(path: output) else {
            throw ValidationError("-o names an .mbtiles or a .pmtiles file, not '\(output)'")
        }
        return format
    }

    private func tileFormat() throws -> TileFormat? {
        guard let format else { return nil }
        guard let parsed = TileFormat(fileExtension: format), parsed != .geotiff else {
            throw ValidationError("--format is png, webp or jpg, not '\(format)'")
        }
        return parsed
    }
}

/// `geotoolz export merge -o FILE PART…`: one archive from the parts of a sharded export.
struct ExportMergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the archives of a sharded export (MBTiles or PMTiles, in any mix) into one.",
        discussion: """
            The parts must hold tiles of the same layer and format; a tile found in two parts \\
            must have the same bytes in both. The bounds and zooms of the result span the parts'.
            """
    )

    @Option(name: .shortAndLong, help: "The archive to write: FILE.mbtiles or FILE.pmtiles.")
    var output: String

    @Flag(help: "Replace the file if it exists.")
    var force = false

    @Argument(help: "The archives to join.")
    var parts: [String]

    func validate() throws {
        guard TileArchiveFormat(path: output) != nil else {
            throw ValidationError("-o names an .mbtiles or a .pmtiles file, not '\(output)'")
        }
        guard !parts.isEmpty else { throw ValidationError("give the archives to join") }
        for part in parts where TileArchiveFormat(path: part) == nil {
            throw ValidationError("'\(part)' is not an .mbtiles or a .pmtiles file")
        }
    }

    func run() throws {
        do {
            try TileArchiveMerge.merge(parts, into: output, overwrite: force)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        let merged = try TileArchiveReader.open(path: output)
        print(
            "merged \(parts.count) archives into \(output): zooms \(merged.metadata.minZoom)–\(merged.metadata.maxZoom)"
        )
    }
}
