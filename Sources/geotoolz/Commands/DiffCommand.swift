import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzDiff
import GeoToolzIO
import GeoToolzSeed

/// `geotoolz diff OLD NEW`: an A/B of two versions of a layer file — what changed in the config,
/// and how much the tiles change, over a deterministic sample of a tile plan.
///
/// Exits like diff(1): 0 when no compared pixel differs beyond the tolerance, 1 when some do,
/// 2 on trouble (a bad layer file, unreadable data, images that cannot be written).
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two versions of a layer: config changes and tile metrics.",
        discussion: """
            Exit status: 0 when no compared pixel differs beyond --tolerance (config changes that \
            change no compared pixel are listed but exit 0, unless --strict-config), 1 when pixels \
            differ, 2 on errors.
            """
    )

    enum Status {
        static let same: Int32 = 0
        static let differs: Int32 = 1
        static let trouble: Int32 = 2
    }

    @Argument(help: "The old version's layer file (YAML).")
    var old: String

    @Argument(help: "The new version's layer file (YAML).")
    var new: String

    @Option(help: "The directory the layers' rasters are in.")
    var data = "data"

    @Option(help: "Zoom Z or MIN-MAX (default: every zoom either layer serves).")
    var zoom: String?

    @OptionGroup var coverage: CoverageOptions

    @Option(help: "How many tiles of the plan to compare, evenly spaced over it, or 'all'.")
    var tiles = "100"

    @Option(parsing: .unconditional, help: "The largest value difference not counted as a change, in value units.")
    var tolerance = 0.0

    @Option(help: "How many of the most changed tiles to list.")
    var worst = 10

    @Option(help: "Write old|new side-by-side and difference PNGs of the listed tiles into this folder.")
    var images: String?

    @Flag(help: "Print JSON (default: Markdown).")
    var json = false

    @Option(help: "The server the listed tiles' URLs point at.")
    var urlBase = "http://127.0.0.1:8080"

    @Flag(help: "Also exit 1 when the configs differ in what decides pixels, whatever the tiles show.")
    var strictConfig = false

    func validate() throws {
        if tiles != "all", (Int(tiles) ?? 0) < 1 {
            throw ValidationError("--tiles is a count ≥ 1 or 'all', not '\(tiles)'")
        }
        if !(tolerance.isFinite && tolerance >= 0) { throw ValidationError("--tolerance is a number ≥ 0") }
        if worst < 0 { throw ValidationError("--worst is a count ≥ 0") }
        if let zoom { _ = try ZoomOption.parse(zoom) }
    }

    func run() throws {
        let (oldLayer, newLayer) = (try load(old), try load(new))
        let comparison: LayerComparison
        do {
            comparison = try LayerComparison(old: oldLayer, new: newLayer, tolerance: tolerance)
        } catch {
            throw fail("\(error)")
        }
        let zooms =
            try zoom.map(ZoomOption.parse)
            ?? min(oldLayer.minZoom, newLayer.minZoom)...max(oldLayer.maxZoom, newLayer.maxZoom)
        // Tiles where either version has data, so data appearing or vanishing is seen.
        let extent = LayerExtent(
            name: newLayer.name, zooms: zooms, bounds: oldLayer.mercatorBounds.union(newLayer.mercatorBounds),
            identity: "\(oldLayer.configHash) \(newLayer.configHash)")
        let plan = TilePlan(layers: [extent], zooms: zooms, coverage: try coverage.coverage(), grid: .webMercatorQuad)
        guard plan.count > 0 else {
            throw fail("no tiles to compare: the area holds no data of either layer at \(zooms)")
        }
        let sample = TileSample(planCount: plan.count, count: tiles == "all" ? nil : Int(tiles))
        var compared = [TileComparison]()
        for tile in sample.positions.map({ plan.item(at: $0).tile }) {
            do {
                compared.append(try comparison.compare(tile).comparison)
            } catch {
                throw fail("comparing tile \(tile): \(error)")
            }
        }
        let report = DiffReport(
            comparison: comparison, config: ConfigDiff(old: oldLayer, new: newLayer), planTiles: plan.count,
            tiles: compared, worst: worst, urlBase: urlBase)
        if let images { try writeImages(of: report, comparison, into: images) }
        if json {
            print(String(decoding: try report.json(), as: UTF8.self))
        } else {
            print(report.markdown, terminator: "")
        }
        throw ExitCode(report.exitStatus(countingConfig: strictConfig))
    }

    /// Loads a layer file as the catalog does; a bad one ends the command with status 2.
    private func load(_ file: String) throws -> Layer {
        do {
            let dataDirectory = try DataDirectory(data)
            return try LayerCatalog.loadLayer(file: file, dataDirectory: dataDirectory)
        } catch let error as ConfigError {
            throw fail(error.source == nil ? "\(file): \(error)" : "\(error)")
        } catch {
            throw fail("\(file): \(error)")
        }
    }

    /// The worst tiles' pictures, rendered again: only the few listed are kept.
    private func writeImages(of report: DiffReport, _ comparison: LayerComparison, into folder: String) throws {
        let writer = ComparisonImages(directory: folder)
        for entry in report.worst {
            do {
                let (_, old, new) = try comparison.compare(entry.comparison.tile)
                try writer.write(tile: entry.comparison.tile, old: old, new: new)
            } catch {
                throw fail("writing images of \(entry.comparison.tile) into \(folder): \(error)")
            }
        }
    }

    /// Prints `message` as an error; the exit to throw, status 2.
    private func fail(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(Status.trouble)
    }
}
