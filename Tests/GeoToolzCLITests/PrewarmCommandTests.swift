import Foundation
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz prewarm` and `geotoolz cache` as a user runs them, against a real `redis-server`.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PrewarmCommandTests {
    let layers: String
    let data = PackageFolders.data

    init() throws {
        layers = try PackageFolders.layerFolder([
            "elevation": PackageFolders.demoLayer("elevation"), "broken": PackageFolders.brokenLayer,
        ])
    }

    func prewarm(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try GeoToolzBinary.run(["prewarm", "--layers", layers, "--data", data] + arguments, environment: environment)
    }

    /// The elevation layer's tiles at z6–9.
    let tiles = 34

    /// `(zoom, tiles)` of each line of a dry run, and its total.
    func plan(_ output: String) -> (zooms: [Int: Int], total: Int?) {
        var zooms = [Int: Int]()
        var total: Int?
        for line in output.split(separator: "\n") {
            let words = line.split(separator: " ")
            if words.first == "total" { total = Int(words[1]) }
            if words.count > 2, words[1].hasPrefix("z"), let zoom = Int(words[1].dropFirst()) {
                zooms[zoom] = Int(words[2])
            }
        }
        return (zooms, total)
    }

    /// Tiles over a longitude/latitude box at `zoom`, from the slippy-map formulas.
    func expectedTiles(west: Double, south: Double, east: Double, north: Double, zoom: Int) -> Int {
        let n = Double(1 << zoom)
        func column(_ longitude: Double) -> Int { Int(((longitude + 180) / 360 * n).rounded(.down)) }
        func row(_ latitude: Double) -> Int {
            Int(((1 - asinh(tan(latitude * .pi / 180)) / .pi) / 2 * n).rounded(.down))
        }
        return (column(east) - column(west) + 1) * (row(south) - row(north) + 1)
    }

    @Test func aDryRunCountsTheTilesOfEachZoom() throws {
        let result = try prewarm(["--layer", "elevation", "--zoom", "6-12", "--dry-run"])
        #expect(result.status == 0)
        let (zooms, total) = plan(result.standardOutput)
        #expect(zooms.keys.sorted() == Array(6...12))
        // The SRTM sample's corners, as gdalinfo prints them.
        for (zoom, count) in zooms {
            #expect(
                count
                    == expectedTiles(
                        west: -120.7559273, south: 36.6340110, east: -117.3045102, north: 38.6269234, zoom: zoom),
                "zoom \(zoom)")
        }
        #expect(total == zooms.values.reduce(0, +))
        #expect(zooms[6]! + zooms[7]! + zooms[8]! + zooms[9]! == tiles)

        // A western longitude typed as anyone types it: a negative number, not an option.
        let boxed = try prewarm(["--layer", "elevation", "--zoom", "8-11", "--bbox", "-120,37,-119,38", "--dry-run"])
        #expect(boxed.status == 0, "\(boxed.standardError)")
        #expect(plan(boxed.standardOutput).zooms.count == 4)
        for (zoom, count) in plan(boxed.standardOutput).zooms {
            #expect(count == expectedTiles(west: -120, south: 37, east: -119, north: 38, zoom: zoom), "zoom \(zoom)")
        }

        var shardTotals = 0
        for shard in 1...3 {
            let part = try prewarm(["--layer", "elevation", "--zoom", "6-12", "--dry-run", "--shard", "\(shard)/3"])
            #expect(part.standardOutput.contains("(shard \(shard)/3 of \(total!))"))
            shardTotals += plan(part.standardOutput).total ?? 0
        }
        #expect(shardTotals == total)

        let beyond = try prewarm(["--layer", "elevation", "--zoom", "15-16", "--dry-run"])
        #expect(beyond.status == 0 && plan(beyond.standardOutput).total == 0)
        #expect(beyond.standardError.contains("note: elevation serves zooms 6–14, none of 15-16"))
    }

    /// A U open to the north over the SRTM sample: its notch leaves tiles out.
    static let notched = """
        {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"name": "notched"},
          "geometry": {"type": "Polygon", "coordinates": [[[-120.5, 36.8], [-117.6, 36.8], [-117.6, 38.5],
          [-118.3, 38.5], [-118.3, 37.4], [-119.8, 37.45], [-119.8, 38.5], [-120.5, 38.5], [-120.5, 36.8]]]}}]}
        """

    @Test func aGeoJSONDryRunCountsThePolygonsTilesAsShapelyDoes() throws {
        let file = try GeoToolzBinary.temporaryFile("area.geojson", Self.notched)
        let result = try prewarm(["--layer", "elevation", "--zoom", "6-11", "--geojson", file, "--dry-run"])
        #expect(result.status == 0, "\(result.standardError)")
        let (zooms, total) = plan(result.standardOutput)
        let request: [String: Any] = [
            "grid": "WebMercatorQuad", "zooms": Array(6...11),
            "geojson": try JSONSerialization.jsonObject(with: Data(Self.notched.utf8)),
            "data": [-120.7559273, 36.6340110, -117.3045102, 38.6269234],
        ]
        let requestFile = try GeoToolzBinary.temporaryFile("request.json", "")
        try JSONSerialization.data(withJSONObject: request).write(to: URL(fileURLWithPath: requestFile))
        let reference = try runToCompletion(
            "/usr/bin/python3",
            [PackagePaths.root.appendingPathComponent("scripts/coverage-reference.py").path, requestFile])
        try #require(reference.status == 0, "\(reference.standardError)")
        let expected = try #require(
            try JSONSerialization.jsonObject(with: Data(reference.standardOutput.utf8)) as? [String: [[Int]]])
        for zoom in 6...11 {
            #expect(zooms[zoom] == expected["\(zoom)"]?.count, "zoom \(zoom)")
        }
        #expect(total == expected.values.map(\.count).reduce(0, +))
        #expect(result.standardOutput.contains("rectangles)"))

        let both = try prewarm([
            "--layer", "elevation", "--zoom", "6", "--geojson", file, "--bbox", "0,0,1,1", "--dry-run",
        ])
        #expect(both.status == 64 && both.standardError.contains("--bbox and --geojson"))
        let broken = try GeoToolzBinary.temporaryFile(
            "broken.geojson", #"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0.5]]]}"#)
        let refused = try prewarm(["--layer", "elevation", "--zoom", "6", "--geojson", broken, "--dry-run"])
        #expect(
            refused.status == 64 && refused.standardError.contains("coordinates[0]: a ring is closed"),
            "\(refused.standardError)")
    }

    @Test func autoShardsTakeTheirIndexFromTheSchedulerAndShareOneFingerprint() throws {
        let arguments = ["--layer", "elevation", "--zoom", "6-12", "--dry-run", "--shard", "auto/3"]
        let whole = try prewarm(["--layer", "elevation", "--zoom", "6-12", "--dry-run"])
        let fingerprint = try #require(whole.standardOutput.split(separator: "\n").last { $0.hasPrefix("plan ") })
        var totals = 0
        for index in 0..<3 {
            let part = try prewarm(arguments, environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(part.status == 0, "\(part.standardError)")
            #expect(part.standardOutput.contains("(shard \(index + 1)/3 of "))
            #expect(part.standardOutput.contains(fingerprint))
            totals += plan(part.standardOutput).total ?? 0
        }
        #expect(totals == plan(whole.standardOutput).total)
        let slurm = try prewarm(arguments, environment: ["SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_MIN": "1"])
        #expect(slurm.standardOutput.contains("(shard 3/3 of "))
        let unset = try prewarm(arguments)
        #expect(unset.status == 64 && unset.standardError.contains("none is set"), "\(unset.standardError)")
    }

    @Test func aDurationStopsTheRunWhichTheSameCommandFinishes() throws {
        let redis = try LocalRedis()
        let arguments = ["--layer", "elevation", "--zoom", "6-10", "--redis", redis.url]
        let dry = try prewarm(arguments + ["--dry-run"])
        let total = try #require(plan(dry.standardOutput).total)
        let first = try prewarm(arguments + ["--max-rate", "25", "--duration", "1s"])
        #expect(first.status == 75, "\(first.standardOutput) \(first.standardError)")
        #expect(first.standardOutput.contains("at most 25 tiles/s, for 1s"))
        #expect(first.standardOutput.contains("prewarm stopped at the end of --duration 1s"))
        let done = try redis.keyCount()
        #expect(done > 5 && done < total, "\(done) of \(total)")
        let second = try prewarm(arguments)
        #expect(second.status == 0)
        #expect(
            second.standardOutput.contains("rendered \(total - done), skipped \(done) (cached \(done)"),
            "\(second.standardOutput)")
        #expect(try redis.keyCount() == total)
    }

    @Test func worldCRS84QuadTilesGoIntoRedisUnderTheirOwnKeys() throws {
        let redis = try LocalRedis()
        let arguments = [
            "--layer", "elevation", "--zoom", "6-8", "--redis", redis.url, "--tile-matrix-set", "WorldCRS84Quad",
        ]
        let dry = try prewarm(arguments + ["--dry-run"])
        #expect(dry.status == 0, "\(dry.standardError)")
        // 180/2^z degrees a tile, over the SRTM sample's corners as gdalinfo prints them.
        var expected = 0
        for zoom in 6...8 {
            let span = 180.0 / Double(1 << zoom)
            let columns =
                Int(((-117.3045102 + 180) / span).rounded(.up)) - Int(((-120.7559273 + 180) / span).rounded(.down))
            let rows = Int(((90 - 36.6340110) / span).rounded(.up)) - Int(((90 - 38.6269234) / span).rounded(.down))
            #expect(plan(dry.standardOutput).zooms[zoom] == columns * rows, "zoom \(zoom)")
            expected += columns * rows
        }
        let run = try prewarm(arguments)
        #expect(
            run.status == 0 && run.standardOutput.contains("rendered \(expected), skipped 0"), "\(run.standardOutput)")
        #expect(try redis.keyCount() == expected)
        #expect(
            try redis.cli("--scan", "--pattern", "gz:tile:elevation:*/WorldCRS84Quad").hasPrefix("gz:tile:elevation:"))
    }

    @Test func tilesGoIntoRedisOnceThenAreSkippedUnlessForced() throws {
        let redis = try LocalRedis()
        let arguments = ["--layer", "elevation", "--zoom", "6-9", "--redis", redis.url]
        let first = try prewarm(arguments)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("prewarm finished: rendered \(tiles), skipped 0"))
        #expect(try redis.keyCount() == tiles)
        #expect(try redis.cli("--scan", "--pattern", "gz:tile:elevation:*:9:86:197@1").hasPrefix("gz:tile:elevation:"))

        let second = try prewarm(arguments)
        #expect(second.standardOutput.contains("rendered 0, skipped \(tiles) (cached \(tiles), outside 0, resumed 0)"))
        let forced = try prewarm(arguments + ["--force", "--concurrency", "3"])
        #expect(forced.standardOutput.contains("prewarm finished: rendered \(tiles), skipped 0"))
        #expect(try redis.keyCount() == tiles)
        // Not a terminal: plain lines, no bar redrawn with carriage returns.
        #expect(!first.standardOutput.contains("\r"))
    }

    @Test func threeShardsFillEveryTileExactlyOnce() throws {
        let redis = try LocalRedis()
        var rendered = 0
        for shard in 1...3 {
            let result = try prewarm([
                "--layer", "elevation", "--zoom", "6-9", "--redis", redis.url, "--shard", "\(shard)/3",
            ])
            #expect(result.status == 0)
            // No tile found cached: no shard warmed another's tile.
            #expect(result.standardOutput.contains("(cached 0, outside 0, resumed 0)"))
            let words = result.standardOutput.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\n" })
            if let index = words.lastIndex(of: "rendered") { rendered += Int(words[index + 1]) ?? 0 }
        }
        #expect(rendered == tiles)
        #expect(try redis.keyCount() == tiles)
    }

    @Test func failuresPastTheLimitStopTheRun() throws {
        let redis = try LocalRedis()
        let stopped = try prewarm(
            ["--layer", "broken", "--zoom", "6-9", "--redis", redis.url, "--concurrency", "1", "--max-failures", "3"])
        #expect(stopped.status == 3)
        #expect(stopped.standardOutput.contains("prewarm stopped: 4 tiles failed, more than --max-failures 3"))
        let failures = stopped.standardError.split(separator: "\n").filter { $0.hasPrefix("failed: broken/") }
        #expect(failures.count == 4)
        #expect(failures.first?.contains("render failed: AssertValueRange") == true)
        #expect(try redis.keyCount() == 0)

        let tolerated = try prewarm(["--layer", "broken", "--zoom", "6-8", "--redis", redis.url])
        #expect(tolerated.status == 2)
        #expect(tolerated.standardOutput.contains("prewarm finished with 10 failed tiles"))
    }

    @Test func anInterruptedRunResumesWhereItStopped() throws {
        let redis = try LocalRedis()
        let log = NSTemporaryDirectory() + "geotoolz-cli-resume-\(UUID().uuidString).log"
        let arguments = [
            "prewarm", "--layers", layers, "--data", data, "--layer", "elevation", "--zoom", "6-11",
            "--redis", redis.url, "--resume", log, "--concurrency", "1",
        ]
        let total = try #require(plan(try prewarm(Array(arguments.dropFirst(5)) + ["--dry-run"]).standardOutput).total)
        func recorded() -> [Substring] {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.split(separator: "\n").filter { !$0.hasPrefix("#") }
        }

        // Stopped politely: tiles under way finish and are recorded.
        let polite = try BackgroundCommand(arguments)
        #expect(waitFor { recorded().count >= 40 })
        polite.signal(SIGTERM)
        #expect(try polite.wait() == 130)
        #expect(polite.output.contains("prewarm interrupted:"))
        let afterPolite = recorded().count
        #expect(afterPolite < total)

        // Killed: the lines of its last second may be lost; their tiles are in Redis.
        let killed = try BackgroundCommand(arguments)
        #expect(waitFor { recorded().count >= afterPolite + 40 })
        killed.signal(SIGKILL)
        _ = try killed.wait()
        #expect(killed.output.contains("\(afterPolite) recorded done"))
        let afterKill = recorded().count

        let finished = try GeoToolzBinary.run(arguments)
        #expect(finished.status == 0)
        #expect(finished.standardOutput.contains("\(afterKill) recorded done"))
        #expect(finished.standardOutput.contains("resumed \(afterKill))"))
        #expect(try redis.keyCount() == total)
        let lines = recorded()
        #expect(lines.count == total && Set(lines).count == total)
    }

    @Test func cacheStatsCountsAndPurgeRemovesOneLayer() throws {
        let redis = try LocalRedis()
        #expect(try prewarm(["--layer", "elevation", "--zoom", "6-8", "--redis", redis.url]).status == 0)
        try redis.cli("SET", "gz:tile:elevation2:x:y:6:1:1@1", "other layer")
        try redis.cli("SET", "unrelated", "x")

        let stats = try GeoToolzBinary.run(["cache", "stats", "--layer", "elevation", "--redis", redis.url])
        #expect(stats.status == 0)
        #expect(stats.standardOutput.hasPrefix("elevation: 10 tiles, "))
        let purge = try GeoToolzBinary.run(["cache", "purge", "--layer", "elevation", "--redis", redis.url])
        #expect(purge.standardOutput == "elevation: removed 10 tiles\n")
        #expect(try redis.keyCount() == 2)
        let after = try GeoToolzBinary.run(["cache", "stats", "--layer", "elevation", "--redis", redis.url])
        #expect(after.standardOutput == "elevation: 0 tiles, 0 B\n")

        let noLayer = try GeoToolzBinary.run(["cache", "purge", "--redis", redis.url])
        #expect(noLayer.status == 64 && noLayer.standardError.contains("--layer NAME"))
    }

    @Test func badOptionsAndAnUnreachableRedisAreClearErrors() throws {
        for (options, message) in [
            (["--zoom", "12-6"], "--zoom is Z or MIN-MAX"), (["--zoom", "6", "--shard", "0/3"], "shards count from 1"),
            (["--zoom", "6", "--bbox", "1,2,3"], "--bbox is minlon,minlat,maxlon,maxlat"),
            (["--zoom", "6", "--scale", "3"], "--scale is 1 or 2"),
            (["--zoom", "6", "--url", "https://x"], "https is not supported"),
            (
                ["--zoom", "6", "--tile-matrix-set", "Mercator"],
                "--tile-matrix-set is one of WebMercatorQuad, WorldCRS84Quad"
            ),
        ] {
            let result = try prewarm(options)
            #expect(result.status == 64, "\(options)")
            #expect(result.standardError.contains(message), "\(result.standardError)")
        }
        let unknown = try prewarm(["--zoom", "6", "--layer", "nope"])
        #expect(unknown.status == 1 && unknown.standardError.contains("no layer 'nope' (layers: broken, elevation)"))

        let port = freeLoopbackPort()
        let unreachable = try prewarm(["--zoom", "6", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(unreachable.status == 1)
        #expect(unreachable.standardError.contains("error: cannot reach Redis at redis://127.0.0.1:\(port)/0"))
        let cache = try GeoToolzBinary.run(["cache", "stats", "--layer", "x", "--redis", "redis://127.0.0.1:\(port)"])
        #expect(cache.status == 1 && cache.standardError.contains("cannot reach Redis"))
    }

    @Test func aRunningServerIsWarmedOverHTTP() throws {
        let redis = try LocalRedis()
        let port = freeLoopbackPort()
        let server = try BackgroundCommand([
            "serve", "--layers", layers, "--data", data, "--port", String(port), "--redis", redis.url,
            "--static", PackageFolders.root.appendingPathComponent("static").path,
        ])
        #expect(waitFor { isListening(port) }, "\(server.output)")
        let arguments = ["--layer", "elevation", "--zoom", "6-9", "--url", "http://127.0.0.1:\(port)"]
        let first = try GeoToolzBinary.run(["prewarm"] + arguments)
        #expect(first.status == 0, "\(first.standardError)")
        #expect(first.standardOutput.contains("through http://127.0.0.1:\(port)"))
        #expect(first.standardOutput.contains("prewarm finished: rendered \(tiles), skipped 0"))
        // The server stores what it renders in Redis without waiting.
        #expect(waitFor { (try? redis.keyCount()) == tiles })
        let second = try GeoToolzBinary.run(["prewarm"] + arguments)
        #expect(second.standardOutput.contains("skipped \(tiles) (cached \(tiles)"))
        server.signal(SIGTERM)
        #expect(try server.wait() == 0)
    }
}
