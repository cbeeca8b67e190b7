import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzIO

/// `geotoolz bench-render`: the median time per stage of rendering a block of tiles of a layer.
/// Build in release mode for meaningful figures.
struct BenchRenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-render",
        abstract: "Print median per-tile read, operators and encode times for a layer at one zoom."
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The layer's name.")
    var layer = "elevation"

    @Option(help: "The zoom level to render.")
    var zoom = 12

    @Option(help: "How many tiles to render, nearest the layer's centre first.")
    var tiles = 64

    @Option(help: "How many timed passes over the tiles (after one untimed warm-up pass).")
    var rounds = 3

    @Option(help: "Pixel density: 1 for 256-pixel tiles, 2 for 512-pixel tiles.")
    var scale = 1

    func run() throws {
        let layer = try catalog.layer(named: self.layer)
        let chosen = try Self.tiles(of: layer, zoom: zoom, count: tiles)
        guard !chosen.isEmpty else {
            printError("error: \(layer.name) has no tiles at zoom \(zoom)")
            throw ExitCode.failure
        }
        var samples = [RenderedTile]()
        for round in 0...rounds {
            for tile in chosen {
                let rendered = try layer.render(tile, scale: scale)
                if round > 0 { samples.append(rendered) }
            }
        }
        func median(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted.count % 2 == 1
                ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        let read = median(samples.map(\.timings.read.milliseconds))
        let operators = median(samples.map(\.timings.operators.milliseconds))
        let encode = median(samples.map(\.timings.encode.milliseconds))
        let total = median(samples.map(\.timings.total.milliseconds))
        let bytes = median(samples.map { Double($0.png.count) })
        print("layer \(layer.name), zoom \(zoom), \(chosen.count) tiles @\(scale)x × \(rounds) rounds, one thread")
        print(
            String(
                format: "median per tile: read %.2f ms, operators %.2f ms, encode %.2f ms, total %.2f ms", read,
                operators, encode, total))
        var forms = [String: Int]()
        for sample in samples {
            switch sample.form {
            case .palette(_, let bitDepth): forms["palette \(bitDepth)-bit", default: 0] += 1
            case .rgba: forms["RGBA", default: 0] += 1
            }
        }
        let formSummary = forms.keys.sorted().map { "\($0) × \(forms[$0]!)" }.joined(separator: ", ")
        print(String(format: "median PNG size: %.0f bytes (", bytes) + formSummary + ")")
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
