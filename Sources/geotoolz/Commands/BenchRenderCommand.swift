import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzIO

/// `geotoolz bench-render`: per-stage render times (read, operators, encode) of every layer over a
/// fixed tile list, in-process and on one thread, so a regression points at a stage.
/// Build in release mode for meaningful figures.
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

    @Option(parsing: .unconditional, help: "How many timed passes over the tiles (after one untimed warm-up pass).")
    var rounds = 5

    @Option(parsing: .unconditional, help: "Pixel density: 1 for 256-pixel tiles, 2 for 512-pixel tiles.")
    var scale = 1

    @Option(
        parsing: .unconditional,
        help: "Render each tile under a deadline this many seconds away, as the server does (default: none).")
    var renderBudget: Double?

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    func validate() throws {
        try require(tiles, within: 1...100_000, for: "--tiles")
        try require(rounds, within: 1...10_000, for: "--rounds")
        try require(scale, within: 1...2, for: "--scale")
        if let renderBudget { try require(renderBudget, within: 0.01...3600, for: "--render-budget", "seconds") }
    }

    func run() throws {
        let zoomRange = try Self.parseZooms(zooms)
        let loaded = try catalog.loadOrExit()
        var layers = loaded.layers
        if !layerNames.isEmpty {
            layers = try layerNames.map { name in
                guard let layer = loaded.layer(named: name) else {
                    printError(
                        "error: no layer '\(name)' (layers: \(loaded.layers.map(\.name).joined(separator: ", ")))")
                    throw ExitCode.failure
                }
                return layer
            }
        }
        var reports = [StageReport]()
        for layer in layers {
            let zooms = zoomRange.clamped(to: layer.minZoom...layer.maxZoom)
            let chosen = try zooms.flatMap { try Self.tiles(of: layer, zoom: $0, count: tiles) }
            guard !chosen.isEmpty else {
                printError("error: \(layer.name) has no tiles at zooms \(zooms.lowerBound)-\(zooms.upperBound)")
                throw ExitCode.failure
            }
            var samples = [RenderedTile]()
            samples.reserveCapacity(chosen.count * rounds)
            for round in 0...rounds {
                for tile in chosen {
                    // Under a budget the deadline checks run, so their cost shows in the figures.
                    let rendered =
                        try renderBudget.map { seconds in
                            try RenderDeadline.after(.milliseconds(Int64((seconds * 1000).rounded()))).run {
                                try layer.render(tile, scale: scale)
                            }
                        } ?? layer.render(tile, scale: scale)
                    if round > 0 { samples.append(rendered) }
                }
            }
            reports.append(StageReport(layer: layer.name, zooms: zooms, tiles: chosen.count, samples: samples))
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(reports), as: UTF8.self))
        } else {
            print("\(rounds) timed rounds, @\(scale)x, one thread; milliseconds per tile as median / p99")
            print(StageReport.tableHeader)
            for report in reports { print(report.tableRow) }
        }
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

/// One layer's per-stage figures.
private struct StageReport: Encodable {
    /// Median and 99th percentile of one stage, in milliseconds.
    struct Spread: Encodable {
        let median: Double
        let p99: Double

        init(_ values: [Double]) {
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
    let zooms: [Int]
    let tiles: Int
    let samples: Int
    let read: Spread
    let operators: Spread
    let encode: Spread
    let total: Spread
    let medianBytes: Int
    let forms: [String: Int]

    init(layer: String, zooms: ClosedRange<Int>, tiles: Int, samples: [RenderedTile]) {
        self.layer = layer
        self.zooms = Array(zooms)
        self.tiles = tiles
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
        return
            "\(name) \(zoomText) \(count) \(read.text)  \(operators.text)  \(encode.text)  \(total.text)  \(medianBytes)"
    }
}
