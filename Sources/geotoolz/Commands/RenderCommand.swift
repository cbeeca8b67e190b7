import ArgumentParser
import Foundation
import GeoToolz
import GeoToolzIO

/// `geotoolz render`: one tile of one layer to a PNG file, through the same path a tile
/// request takes (layer files, reads, operators, encoding), minus HTTP.
struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render one tile of a layer to a PNG file."
    )

    @OptionGroup var catalog: CatalogOptions

    @Option(help: "The layer's name.")
    var layer: String

    @Option(help: "The tile, as Z/X/Y (XYZ scheme, rows from the top).")
    var tile: String

    @Option(parsing: .unconditional, help: "Pixel density: 1 renders 256-pixel tiles, 2 renders 512-pixel (@2x) tiles.")
    var scale = 1

    @Option(name: .shortAndLong, help: "The PNG file to write.")
    var output: String

    func validate() throws {
        try require(scale, within: 1...2, for: "--scale")
    }

    func run() throws {
        let layer = try catalog.layer(named: self.layer)
        let tile: TileID
        do {
            tile = try TileID(self.tile)
        } catch {
            printError("error: \(error)")
            throw ExitCode.failure
        }
        if !layer.serves(tile) {
            printError(
                "note: \(tile) is outside the layer's zoom range (\(layer.minZoom)–\(layer.maxZoom)) or bounds; "
                    + "a server answers it as '\(layer.outside.rawValue)' without rendering")
        }
        let rendered: RenderedTile
        do {
            // The output's extension picks the format (.png, .webp, .jpg); any other, the layer's default.
            let format = TileFormat(fileExtension: (output as NSString).pathExtension.lowercased())
            rendered = try layer.render(tile, scale: scale, format: format)
        } catch {
            printError("error: rendering \(layer.name) \(tile): \(error)")
            throw ExitCode.failure
        }
        do {
            try rendered.data.write(to: URL(fileURLWithPath: output))
        } catch {
            printError("error: cannot write \(output): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        for warning in rendered.warnings { printError("warning: \(warning)") }
        let t = rendered.timings
        print(
            "wrote \(output): \(layer.name) \(tile) @\(scale)x, \(rendered.data.count) bytes, "
                + "\(rendered.form.map { "\($0)" } ?? rendered.format.fileExtension); "
                + "read \(format(t.read)), operators \(format(t.operators)), encode \(format(t.encode))")
    }

    private func format(_ duration: Duration) -> String {
        String(format: "%.2f ms", duration.milliseconds)
    }
}
