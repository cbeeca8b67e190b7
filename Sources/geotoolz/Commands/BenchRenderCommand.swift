import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzIO

/// `geotoolz bench-render`: per-stage render times (read, operators, encode) of every layer over a
/// fixed tile list, in-process and on one thread, so a regression points at a stage; and the time
/// the layers took to load, which for a mosaic of many files is mostly opening each file once.
/// With `--format` each layer is measured in each tile format over the same tiles, so the formats'
/// bytes and encode times compare. Build in release mode for meaningful figures.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-render",
        abstract: "Print per-stage render times (median and p99) of each layer over a fixed tile list."
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(name: .customLong("layer"), help: "A layer to measure (repeatable; default: every layer).")
    var layerNames: [String] = []

    @Option(help: "The zoom levels, e.g. 12 or 10-13; each is clamped to the layer's zoom range.")
    var zooms = "10-13"

    @Option(parsing: .unconditional, help: "Tiles per zoom level, nearest the layer's centre first.")
    var tiles = 16

    @Option(
        help: ArgumentHelp(
            "Take the tiles from this layer (its centre and zoom range) for every layer measured.",
            discussion: "Two layers over the same data, such as a mosaic and the single file it was cut from, "
                + "are then compared over the same tiles even where their bounds differ."))
    var tilesOf: String?

    @Option(parsing: .unconditional, help: "How many timed passes over the tiles (after one untimed warm-up pass).")
    var rounds = 5

    @Option(parsing: .unconditional, help: "Pixel density: 1 for 256-pixel tiles, 2 for 512-pixel tiles.")
    var scale = 1

    @Option(
        parsing: .unconditional,
        help: "Render each tile under a deadline this many seconds away, as the server does (default: none).")
    var renderBudget: Double?

    @Option(
        name: .customLong("format"),
        help: ArgumentHelp(
            "A tile format to measure: png, webp, jpg, or all (repeatable; default: png).",
            discussion: "Each tile is rendered in every format in turn, so load from elsewhere falls on all "
                + "formats alike. A format a layer does not serve is skipped for it, with a note; a tile some "
                + "format refuses (JPEG with transparent pixels and no fill) is left out in every format, "
                + "so every format's figures cover the same tiles."))
    var formatNames: [String] = []

    @Option(help: "Write every measured tile, in each format, to DIR/<layer>/<z>/<x>/<y>.<ext>.")
    var writeTiles: String?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        try require(tiles, within: 1...100_000, for: "--tiles")
        try require(rounds, within: 1...10_000, for: "--rounds")
        try require(scale, within: 1...2, for: "--scale")
        if let renderBudget { try require(renderBudget, within: 0.01...3600, for: "--render-budget", "seconds") }
        _ = try Self.parseFormats(formatNames)
    }

    /// The image formats named, each once in the order given; `all` names every image format.
    /// GeoTIFF tiles hold values, not an image: they are not what this compares.
    static func parseFormats(_ names: [String]) throws -> [TileFormat] {
        var formats = [TileFormat]()
        for name in names {
            if name.lowercased() == "all" {
                formats += TileFormat.allCases.filter { !$0.carriesValues }
            } else if let format = TileFormat(fileExtension: name.lowercased()), !format.carriesValues {
                formats.append(format)
            } else {
                throw ValidationError("--format takes png, webp, jpg or all, found '\(name)'")
            }
        }
        var seen = Set<TileFormat>()
        return formats.isEmpty ? [.png] : formats.filter { seen.insert($0).inserted }
    }

    func run() throws {
        let zoomRange = try Self.parseZooms(zooms)
        let loadStarted = ContinuousClock.now
        let loaded = try catalog.loadOrExit()
        let loadTime = ContinuousClock.now - loadStarted
        var layers = loaded.layers
        if !layerNames.isEmpty {
            layers = try layerNames.map { try Self.layer(named: $0, in: loaded) }
        }
        // Without --tiles-of each layer's tiles are its own: nearest its centre.
        let sharedTiles = try tilesOf.map { name in
            let reference = try Self.layer(named: name, in: loaded)
            let zooms = zoomRange.clamped(to: reference.minZoom...reference.maxZoom)
            return try zooms.flatMap { try Self.tiles(of: reference, zoom: $0, count: tiles) }
        }
        let formats = try Self.parseFormats(formatNames)
        var skipped = [BenchReport.Skipped]()
        var measured = [Measured]()
        for layer in layers {
            let zooms = zoomRange.clamped(to: layer.minZoom...layer.maxZoom)
            let chosen =
                try sharedTiles?.filter { zooms.contains($0.zoom) }
                ?? zooms.flatMap { try Self.tiles(of: layer, zoom: $0, count: tiles) }
            guard !chosen.isEmpty else {
                printError("error: \(layer.name) has no tiles at zooms \(zooms.lowerBound)-\(zooms.upperBound)")
                throw ExitCode.failure
            }
            let served = formats.filter { layer.formats.serves($0) }
            for format in formats where !served.contains(format) {
                let reason = "serves \(layer.formats.served.map(\.fileExtension).joined(separator: ", ")) only"
                skipped.append(.init(layer: layer.name, format: format.fileExtension, reason: reason))
                printError("note: \(layer.name): \(format.fileExtension) skipped: the layer \(reason)")
            }
            if !served.isEmpty { measured.append(Measured(layer: layer, zooms: zooms, tiles: chosen, formats: served)) }
        }
        let readsBefore = measured.map { $0.layer.mosaics.reduce(0) { $0 + $1.fileReads } }
        var renders = measured.map { _ in 0 }
        // The untimed warm-up pass also finds the tiles a format refuses: they are left out of every
        // format's figures, which would otherwise cover different tiles.
        for index in measured.indices {
            var refused = [TileID: String]()
            for tile in measured[index].tiles {
                for format in measured[index].formats {
                    do {
                        _ = try render(measured[index].layer, tile, format: format)
                    } catch let error as JPEGError {
                        guard case .transparent = error else { throw error }
                        refused[tile] = refused[tile] ?? format.fileExtension
                    }
                    renders[index] += 1
                }
            }
            guard !refused.isEmpty else { continue }
            let entry = measured[index]
            printError(
                "note: \(entry.layer.name): \(refused.count) of \(entry.tiles.count) tiles left out: "
                    + "\(Set(refused.values).sorted().joined(separator: ", ")) refuses their transparent pixels "
                    + "(the layer has no fill)")
            measured[index].tiles = entry.tiles.filter { refused[$0] == nil }
            measured[index].dropped = refused.count
            guard !measured[index].tiles.isEmpty else {
                printError("error: \(entry.layer.name): every tile was refused")
                throw ExitCode.failure
            }
        }
        var samples = measured.map { entry in entry.formats.map { _ in [RenderedTile]() } }
        // Every round renders each layer's tiles in turn, and each tile in every format in turn, so
        // load from elsewhere on the machine falls on all layers and formats alike and their figures compare.
        for round in 1...rounds {
            for (index, entry) in measured.enumerated() {
                for tile in entry.tiles {
                    for (formatIndex, format) in entry.formats.enumerated() {
                        let rendered = try render(entry.layer, tile, format: format)
                        samples[index][formatIndex].append(rendered)
                        renders[index] += 1
                        if round == 1, let writeTiles { try Self.write(rendered, of: entry.layer, under: writeTiles) }
                    }
                }
            }
        }
        let reports = measured.enumerated().flatMap { index, entry in
            let mosaics = entry.layer.mosaics
            let mosaic =
                mosaics.isEmpty
                ? nil
                : StageReport.MosaicReads(
                    files: mosaics.reduce(0) { $0 + $1.members.count },
                    fileReadsPerTile: Double(mosaics.reduce(0) { $0 + $1.fileReads } - readsBefore[index])
                        / Double(renders[index]))
            return entry.formats.indices.map { formatIndex in
                StageReport(
                    layer: entry.layer.name, format: entry.formats[formatIndex], zooms: entry.zooms,
                    tiles: entry.tiles, droppedTiles: entry.dropped, samples: samples[index][formatIndex],
                    mosaic: mosaic)
            }
        }
        let report = BenchReport(
            loadSeconds: Double(loadTime.components.seconds) + Double(loadTime.components.attoseconds) * 1e-18,
            loadedLayers: loaded.layers.count, formats: formats.map(\.fileExtension), layers: reports,
            skipped: skipped.isEmpty ? nil : skipped)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else if formats == [.png] {
            print(String(format: "%d layers loaded in %.3f s", report.loadedLayers, report.loadSeconds))
            print("\(rounds) timed rounds, @\(scale)x, one thread; milliseconds per tile as median / p99")
            print(StageReport.tableHeader)
            for layerReport in reports { print(layerReport.tableRow) }
        } else {
            print(String(format: "%d layers loaded in %.3f s", report.loadedLayers, report.loadSeconds))
            print(
                "\(rounds) timed rounds, @\(scale)x, one thread; encode milliseconds per tile as median / p99 / mean; "
                    + "bytes as the median tile and the sum over the tiles; / png = total bytes over PNG's")
            print(StageReport.formatTableHeader)
            for layerReport in reports {
                let png = reports.first { $0.layer == layerReport.layer && $0.format == TileFormat.png.fileExtension }
                print(layerReport.formatTableRow(png: png))
            }
        }
    }

    /// One layer to measure: its tiles (less those a format refused) and the formats it serves of those asked.
    private struct Measured {
        let layer: Layer
        let zooms: ClosedRange<Int>
        var tiles: [TileID]
        let formats: [TileFormat]
        var dropped = 0
    }

    /// One render, under the budget when one is given: the deadline checks then run, so their cost
    /// shows in the figures.
    private func render(_ layer: Layer, _ tile: TileID, format: TileFormat) throws -> RenderedTile {
        guard let renderBudget else { return try layer.render(tile, scale: scale, format: format) }
        return try RenderDeadline.after(.milliseconds(Int64((renderBudget * 1000).rounded()))).run {
            try layer.render(tile, scale: scale, format: format)
        }
    }

    /// Writes a rendered tile to `folder`/<layer>/<z>/<x>/<y>.<ext>, for checking with other decoders.
    private static func write(_ rendered: RenderedTile, of layer: Layer, under folder: String) throws {
        let tile = rendered.tile
        let directory = URL(fileURLWithPath: folder).appendingPathComponent(
            "\(layer.name)/\(tile.zoom)/\(tile.x)", isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try rendered.data.write(to: directory.appendingPathComponent("\(tile.y).\(rendered.format.fileExtension)"))
        } catch {
            printError("error: cannot write tiles under \(folder): \(error.localizedDescription)")
            throw ExitCode.failure
        }
    }

    /// The layer called `name`, or exit 1 naming the layers there are.
    static func layer(named name: String, in catalog: LayerCatalog) throws -> Layer {
        guard let layer = catalog.layer(named: name) else {
            printError("error: no layer '\(name)' (layers: \(catalog.layers.map(\.name).joined(separator: ", ")))")
            throw ExitCode.failure
        }
        return layer
    }

    /// `12` or `10-13`.
    static func parseZooms(_ text: String) throws -> ClosedRange<Int> {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), let low = parts.first!, let high = parts.last!, low <= high,
            low >= 0, high <= WebMercatorQuad.maxZoom
        else {
            throw ValidationError("--zooms takes a zoom or a range like 10-13, found '\(text)'")
        }
        return low...high
    }

    /// Up to `count` tiles at `zoom` inside the layer, nearest its centre first.
    static func tiles(of layer: Layer, zoom: Int, count: Int) throws -> [TileID] {
        guard let range = WebMercatorQuad.tiles(covering: layer.mercatorBounds, zoom: zoom) else { return [] }
        let centreX = Double(range.x.lowerBound + range.x.upperBound) / 2
        let centreY = Double(range.y.lowerBound + range.y.upperBound) / 2
        let radius = Int(Double(count).squareRoot() / 2) + 1
        var tiles = [TileID]()
        for x in max(range.x.lowerBound, Int(centreX) - radius)...min(range.x.upperBound, Int(centreX) + radius) {
            for y in max(range.y.lowerBound, Int(centreY) - radius)...min(range.y.upperBound, Int(centreY) + radius) {
                tiles.append(try TileID(zoom: zoom, x: x, y: y))
            }
        }
        func distance(_ tile: TileID) -> Double {
            let dx = Double(tile.x) - centreX
            let dy = Double(tile.y) - centreY
            return dx * dx + dy * dy
        }
        return Array(tiles.sorted { (distance($0), $0.x, $0.y) < (distance($1), $1.x, $1.y) }.prefix(count))
    }
}

/// What `--json` prints: how long the layers took to load, and each measured layer's figures.
private struct BenchReport: Encodable {
    /// Seconds from reading the layer files to every layer ready (files opened, mosaics indexed).
    let loadSeconds: Double
    let loadedLayers: Int
    /// The formats asked for, in order (`png` alone by default).
    let formats: [String]
    /// A row per layer and format measured.
    let layers: [StageReport]
    /// The formats asked for that a layer does not serve; absent when there are none.
    let skipped: [Skipped]?

    struct Skipped: Encodable {
        let layer: String
        let format: String
        let reason: String
    }
}

/// One layer's per-stage figures in one format.
private struct StageReport: Encodable {
    /// How much of a mosaic a tile reads: what makes a mosaic's read stage dearer than a file's.
    struct MosaicReads: Encodable {
        /// Member files of the layer's mosaics.
        let files: Int
        /// Files warped per render, warm-up round included (`first` stops once every pixel is filled).
        let fileReadsPerTile: Double
    }

    /// Median, 99th percentile and mean of one stage, in milliseconds. The mean is the cost of
    /// the tiles as a whole: over tiles of several zooms the median can fall between two zooms'
    /// groups of times and jump from one to the other.
    struct Spread: Encodable {
        let median: Double
        let p99: Double
        let mean: Double

        init(_ values: [Double]) {
            mean = values.reduce(0, +) / Double(values.count)
            let sorted = values.sorted()
            median =
                sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            // Nearest rank: the smallest value at or above 99% of the samples.
            p99 = sorted[max(0, Int((0.99 * Double(sorted.count)).rounded(.up)) - 1)]
        }

        var text: String { String(format: "%6.3f / %6.3f", median, p99) }
    }

    let layer: String
    /// The tile format, as a tile URL's extension names it.
    let format: String
    let zooms: [Int]
    let tiles: Int
    /// The tiles measured, as `z/x/y`: what another program (the C read floor of `make bench`)
    /// is given to measure the same tiles.
    let tileList: [String]
    /// Tiles left out because some format measured refused them; absent when none were.
    let droppedTiles: Int?
    let samples: Int
    let read: Spread
    let operators: Spread
    let encode: Spread
    let total: Spread
    let medianBytes: Int
    /// The bytes of every tile once: encoders are deterministic, so one round's sum.
    let totalBytes: Int
    let forms: [String: Int]
    /// Only for a layer reading a mosaic.
    let mosaic: MosaicReads?

    init(
        layer: String, format: TileFormat, zooms: ClosedRange<Int>, tiles: [TileID], droppedTiles: Int,
        samples: [RenderedTile], mosaic: MosaicReads?
    ) {
        self.layer = layer
        self.format = format.fileExtension
        self.mosaic = mosaic
        self.zooms = Array(zooms)
        self.tiles = tiles.count
        tileList = tiles.map { "\($0.zoom)/\($0.x)/\($0.y)" }
        self.droppedTiles = droppedTiles > 0 ? droppedTiles : nil
        totalBytes = samples.prefix(tiles.count).reduce(0) { $0 + $1.data.count }
        self.samples = samples.count
        read = Spread(samples.map(\.timings.read.milliseconds))
        operators = Spread(samples.map(\.timings.operators.milliseconds))
        encode = Spread(samples.map(\.timings.encode.milliseconds))
        total = Spread(samples.map(\.timings.total.milliseconds))
        medianBytes = Int(Spread(samples.map { Double($0.data.count) }).median)
        var forms = [String: Int]()
        for sample in samples {
            switch sample.form {
            case .palette(_, let bitDepth): forms["palette-\(bitDepth)bit", default: 0] += 1
            case .rgba: forms["rgba", default: 0] += 1
            case nil: forms[sample.format.fileExtension, default: 0] += 1
            }
        }
        self.forms = forms
    }

    static let tableHeader =
        "layer                zooms   tiles  read             operators        encode           total            PNG bytes"

    var tableRow: String {
        let name = layer.padding(toLength: 20, withPad: " ", startingAt: 0)
        let zoomText = "\(zooms.first!)-\(zooms.last!)".padding(toLength: 7, withPad: " ", startingAt: 0)
        let count = String(tiles).padding(toLength: 6, withPad: " ", startingAt: 0)
        let reads = mosaic.map { String(format: "  (%d files, %.1f read per tile)", $0.files, $0.fileReadsPerTile) }
        return
            "\(name) \(zoomText) \(count) \(read.text)  \(operators.text)  \(encode.text)  \(total.text)  \(medianBytes)"
            + (reads ?? "")
    }

    static let formatTableHeader =
        "layer                format zooms   tiles  encode ms median / p99 / mean  total ms  median bytes  total bytes  / png"

    func formatTableRow(png: StageReport?) -> String {
        let name = layer.padding(toLength: 20, withPad: " ", startingAt: 0)
        let formatText = format.padding(toLength: 6, withPad: " ", startingAt: 0)
        let zoomText = "\(zooms.first!)-\(zooms.last!)".padding(toLength: 7, withPad: " ", startingAt: 0)
        let count = String(tiles).padding(toLength: 6, withPad: " ", startingAt: 0)
        let ratio = png.map { String(format: "%.2f", Double(totalBytes) / Double($0.totalBytes)) } ?? "-"
        return
            "\(name) \(formatText) \(zoomText) \(count) "
            + String(
                format: "%7.3f / %7.3f / %7.3f  %8.3f  %12ld  %11ld  ", encode.median, encode.p99, encode.mean,
                total.median, medianBytes, totalBytes) + ratio
    }
}
