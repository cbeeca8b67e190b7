import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzIO

/// `geotoolz mosaic …`: jobs on layers whose sources are mosaics.
struct MosaicCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mosaic",
        abstract: "Work with mosaic layers (sources naming many files).",
        subcommands: [MosaicOverviewCommand.self]
    )
}

/// `geotoolz mosaic overview`: the raster a mosaic layer's `overview:` names, built through the
/// same reads as its tiles.
struct MosaicOverviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overview",
        abstract: "Write a mosaic layer's overview: the whole mosaic at low resolution, as a COG in EPSG:3857."
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The mosaic layer's name.")
    var layer: String

    @Option(help: "With several mosaic sources, the position of the one to build (from 1, in the pipeline's order).")
    var source = 1

    @Option(parsing: .unconditional, help: "Pixels on the overview's long side.")
    var size = 2048

    @Option(help: "How files are resampled onto the overview (default: average, which suits a reduction).")
    var resampling: String?

    @Option(name: .shortAndLong, help: "The GeoTIFF (COG) to write.")
    var output: String

    func validate() throws {
        try require(size, within: 16...32_768, for: "--size")
        try require(source, within: 1...64, for: "--source")
        if let resampling, Resampling(rawValue: resampling) == nil {
            throw ValidationError(
                "--resampling must be one of \(Resampling.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let layer = try catalog.layer(named: self.layer)
        let mosaics = layer.mosaics
        guard source <= mosaics.count else {
            printError("error: layer \(layer.name) has \(mosaics.count) mosaic sources, not \(source)")
            throw ExitCode.failure
        }
        let mosaic = mosaics[source - 1]
        let chosen = resampling.flatMap(Resampling.init(rawValue:)) ?? .average
        let overview = MosaicOverview(longSide: size, resampling: chosen)
        let started = ContinuousClock.now
        do {
            try overview.write(mosaic, to: output)
        } catch {
            printError("error: building the overview of \(layer.name): \(error)")
            throw ExitCode.failure
        }
        let window = try overview.window(of: mosaic)
        print(
            "wrote \(output): \(layer.name), \(mosaic.members.count) files, \(window.width)×\(window.height) px, "
                + "\(chosen.rawValue), in \(ContinuousClock.now - started)")
    }
}
