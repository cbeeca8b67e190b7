import ArgumentParser
import Foundation
import GeoToolzCache
import GeoToolzIO
import GeoToolzSeed
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz prewarm`: fills the Redis tile cache ahead of traffic, rendering in this process
/// through the server's own render-to-cache step, or warms a running server over HTTP.
struct PrewarmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prewarm",
        abstract: "Render a layer's tiles over a zoom range into the Redis cache ahead of traffic.",
        discussion: """
            Tiles are taken layer by layer, zoom by zoom, row by row, over the tiles sharing area \
            with the layer's data (and with --bbox or the polygons of --geojson). Tiles already in \
            Redis are skipped unless --force, or --refresh-older-than finds them old.

            --shard I/N (I from 1 to N) takes every N-th tile of that order, starting at the I-th: \
            N machines or scheduler jobs given the same options and shards 1/N … N/N together \
            cover every tile exactly once. --shard auto/N takes I from the scheduler: \
            JOB_COMPLETION_INDEX (Kubernetes Indexed Job), SLURM_ARRAY_TASK_ID (Slurm job array) or \
            AWS_BATCH_JOB_ARRAY_INDEX (AWS Batch array job). Every shard prints the plan's \
            fingerprint: equal fingerprints mean the shards split the same plan.

            --max-rate spaces renders over all threads; --duration stops starting tiles after that \
            long (tiles under way finish), and the same command run again continues.

            --resume FILE records finished tiles in FILE as the run goes (a new file is created); \
            the same command run again skips the tiles it records. Tiles recorded before a layer's \
            pipeline or data changed no longer count.

            Exit status: 0 every tile done; 1 could not start (unknown layer, Redis or server \
            unreachable, unusable resume file); 2 finished, but some tiles failed (run again to \
            retry them); 3 stopped after more than --max-failures failed tiles; 75 stopped at the \
            end of --duration (run again to continue); 130 interrupted (SIGINT or SIGTERM: tiles \
            under way are finished and recorded first); 64 bad usage.
            """
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(name: .customLong("layer"), help: "A layer to warm; repeat for several (default: every layer).")
    var layerNames: [String] = []

    @Option(help: "The zooms: Z or MIN-MAX, e.g. 6-12; each layer's own zoom range caps it.")
    var zoom: String

    @OptionGroup var coverage: CoverageOptions

    @Option(parsing: .unconditional, help: "Pixel density: 1 for 256-pixel tiles, 2 for 512-pixel (@2x) tiles.")
    var scale = 1

    // One more than the cores: a thread waiting on Redis leaves its core to another's render.
    @Option(parsing: .unconditional, help: "Tiles warmed at once (default: the number of cores + 1).")
    var concurrency = ProcessInfo.processInfo.activeProcessorCount + 1

    @Option(help: "The Redis to fill.")
    var redis = "redis://127.0.0.1:6379/0"

    @Option(help: "Warm through a running server (http://host:port) instead of rendering here.")
    var url: String?

    @Flag(help: "Render and store tiles even when Redis already holds them.")
    var force = false

    @Option(help: "Render again cached tiles made longer ago than this, e.g. 12h, 7d, 1h30m.")
    var refreshOlderThan: String?

    @Flag(help: "Leave tiles Redis does not hold (with --refresh-older-than: only refresh).")
    var skipUncached = false

    @OptionGroup var pace: PaceOptions

    @Flag(help: "Print how many tiles each layer and zoom holds, and exit.")
    var dryRun = false

    @Option(help: "Take part I of N of the tiles (I from 1 to N), e.g. 2/3; auto/N takes I from the scheduler.")
    var shard = "1/1"

    @Option(help: "Record finished tiles in this file, and skip those it already records.")
    var resume: String?

    @Option(parsing: .unconditional, help: "Stop once more tiles than this have failed.")
    var maxFailures = 100

    @Option(help: "The tile grid: WebMercatorQuad (the XYZ tiles) or WorldCRS84Quad.")
    var tileMatrixSet = TileMatrixSet.webMercatorQuad.identifier

    func validate() throws {
        _ = try zooms()
        try coverage.validate()
        try pace.validate()
        _ = try parsedShard()
        _ = try refreshAge()
        _ = try grid()
        guard scale == 1 || scale == 2 else { throw ValidationError("--scale is 1 or 2, not \(scale)") }
        try require(concurrency, within: 1...ServeCommand.maxThreads, for: "--concurrency")
        try require(maxFailures, within: 0...Int.max, for: "--max-failures")
        if let url {
            do { _ = try HTTPEndpoint(parsing: url) } catch { throw ValidationError("--url: \(error)") }
        }
        if url != nil && (force || refreshOlderThan != nil || skipUncached) {
            throw ValidationError(
                "--force, --refresh-older-than and --skip-uncached decide over Redis; through --url the server "
                    + "decides what to render")
        }
        if force && (refreshOlderThan != nil || skipUncached) {
            throw ValidationError("--force renders every tile; --refresh-older-than and --skip-uncached choose some")
        }
    }

    /// The grid `--tile-matrix-set` names.
    private func grid() throws -> TileMatrixSet {
        guard let grid = TileMatrixSet.named(tileMatrixSet) else {
            throw ValidationError(
                "--tile-matrix-set is one of "
                    + TileMatrixSet.all.map(\.identifier).joined(separator: ", ") + ", not '\(tileMatrixSet)'")
        }
        return grid
    }

    func run() throws {
        let shard = try parsedShard()
        let endpoint = try url.map { text in
            do { return try HTTPEndpoint(parsing: text) } catch { throw ValidationError("--url: \(error)") }
        }
        let redisURL: RedisURL
        do { redisURL = try RedisURL(parsing: redis) } catch { throw ValidationError("--redis: \(error)") }

        // The layers: the server's own list through --url, otherwise the local layer files.
        var layers = [Layer]()
        let extents: [LayerExtent]
        if let endpoint {
            extents = try select(fail { try HTTPTileWarmer(endpoint: endpoint, scale: scale).layers() }, name: \.name)
        } else {
            let catalog = try self.catalog.loadOrExit(renderThreads: min(concurrency, 16))
            layers = try select(catalog.layers, name: \.name)
            extents = layers.map(LayerExtent.init)
        }
        let zooms = try zooms()
        let plan = TilePlan(layers: extents, zooms: zooms, coverage: try coverage.coverage(), grid: try grid())
        for extent in extents where !zooms.overlaps(extent.zooms) {
            printError(
                "note: \(extent.name) serves zooms \(extent.zooms.lowerBound)–\(extent.zooms.upperBound), none of \(zoom)"
            )
        }
        if dryRun {
            printPlan(plan, shard: shard)
            return
        }

        let resumeLog = try resume.map { path in try fail { try ResumeLog(path: path, plan: plan, scale: scale) } }
        let warmer: any TileWarmer
        let target: String
        if let endpoint {
            warmer = HTTPTileWarmer(endpoint: endpoint, scale: scale)
            target = "through \(endpoint)"
        } else {
            try fail { try RedisTileWarmer.checkReachable(redisURL) }
            var configuration = RedisCacheConfiguration(url: redisURL)
            // A seeding run waits for Redis rather than giving up as a request would.
            configuration.connectTimeout = .seconds(2)
            configuration.commandTimeout = .seconds(2)
            let policy = CachedTilePolicy(
                force: force, refreshOlderThan: try refreshAge(), skipUncached: skipUncached)
            warmer = RedisTileWarmer(layers: layers, redis: configuration, scale: scale, policy: policy)
            target = "into \(redisURL)"
        }

        let reporter = ProgressReporter(style: ProgressReporter.styleForStandardOutput)
        let job = PrewarmJob(
            plan: plan, warmer: warmer, shard: shard, concurrency: concurrency, maxFailures: maxFailures,
            resumeLog: resumeLog, pacer: pace.pacer, duration: try pace.duration(),
            onFailure: { item, message in
                reporter.failure("failed: \(plan.layers[item.layer].name)/\(item.tile): \(message)")
            })
        var opening = "prewarm \(job.progress.total) tiles of \(extents.map(\.name).joined(separator: ", ")) "
        opening += "(zooms \(zoom)) @\(scale)x \(target), \(concurrency) at once"
        if shard.count > 1 { opening += ", shard \(shard) of \(plan.count)" }
        opening += pace.summary
        opening += ", plan \(plan.fingerprint)"
        if let resumeLog {
            opening += ", \(resumeLog.recordedCount) recorded done in \(resumeLog.path)"
            for name in resumeLog.changedLayers {
                printError("note: \(name) changed since \(resumeLog.path) recorded its tiles; they are warmed again")
            }
        }
        FileHandle.standardOutput.write(Data((opening + "\n").utf8))

        try SeedingRun(label: "prewarm", resumable: resume != nil, duration: pace.durationText)
            .run(job, reporter: reporter)
    }

    // MARK: Options

    private func zooms() throws -> ClosedRange<Int> { try ZoomOption.parse(zoom) }

    private func parsedShard() throws -> Shard { try ShardOption.parse(shard) }

    private func refreshAge() throws -> Duration? {
        guard let refreshOlderThan else { return nil }
        do { return try DurationText.parse(refreshOlderThan) } catch {
            throw ValidationError("--refresh-older-than: \(error)")
        }
    }

    /// The layers named by --layer, in that order, or all of them.
    private func select<Named>(_ all: [Named], name: (Named) -> String) throws -> [Named] {
        guard !layerNames.isEmpty else { return all }
        var chosen = [Named]()
        for wanted in layerNames where !chosen.contains(where: { name($0) == wanted }) {
            guard let found = all.first(where: { name($0) == wanted }) else {
                printError("error: no layer '\(wanted)' (layers: \(all.map(name).joined(separator: ", ")))")
                throw ExitCode.failure
            }
            chosen.append(found)
        }
        return chosen
    }

    /// Runs `body`; a `PrewarmError` exits 1 with its message.
    private func fail<Value>(_ body: () throws -> Value) throws -> Value {
        do { return try body() } catch let error as PrewarmError {
            printError("error: \(error.message)")
            throw ExitCode.failure
        }
    }

    // MARK: Dry run

    private func printPlan(_ plan: TilePlan, shard: Shard) {
        print(PlanSummary(plan, shard: shard).lines.joined(separator: "\n"))
    }
}
