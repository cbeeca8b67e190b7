import Foundation
import TestSupport
import Testing

@Suite struct BenchRenderCommandTests {
    /// The figures of one stage as `--json` prints them.
    struct Spread: Decodable {
        let median: Double
        let p99: Double
        let mean: Double
    }

    /// One layer's report as `--json` prints it.
    struct Report: Decodable {
        let layer: String
        let format: String
        let zooms: [Int]
        let tiles: Int
        let droppedTiles: Int?
        let samples: Int
        let read: Spread
        let operators: Spread
        let encode: Spread
        let total: Spread
        let medianBytes: Int
        let totalBytes: Int
        let forms: [String: Int]
        let mosaic: MosaicReads?
    }

    /// A mosaic layer's files and reads per tile.
    struct MosaicReads: Decodable {
        let files: Int
        let fileReadsPerTile: Double
    }

    /// Everything `--json` prints.
    struct Output: Decodable {
        let loadSeconds: Double
        let loadedLayers: Int
        let formats: [String]
        let layers: [Report]
        let skipped: [Skipped]?
    }

    /// A format asked for that a layer does not serve.
    struct Skipped: Decodable, Equatable {
        let layer: String
        let format: String
    }

    /// The reports of a `--json` run.
    static func reports(_ output: String) throws -> Output {
        try JSONDecoder().decode(Output.self, from: Data(output.utf8))
    }

    @Test func reportsEveryStageOfEveryLayerAsked() throws {
        let folder = try PackageFolders.layerFolder([
            "elevation": try PackageFolders.demoLayer("elevation"),
            "landsat-ndvi": try PackageFolders.demoLayer("landsat-ndvi"),
        ])
        let result = try GeoToolzBinary.run([
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--zooms", "11-12", "--tiles", "3",
            "--rounds", "2", "--json",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let output = try Self.reports(result.standardOutput)
        #expect(output.loadedLayers == 2 && output.loadSeconds > 0)
        #expect(output.formats == ["png"] && output.skipped == nil)
        let reports = output.layers
        #expect(reports.map(\.layer) == ["elevation", "landsat-ndvi"])
        #expect(reports.allSatisfy { $0.format == "png" && $0.droppedTiles == nil })
        for report in reports {
            #expect(report.zooms == [11, 12])
            #expect(report.tiles == 6 && report.samples == 12, "\(report.layer)")
            for stage in [report.read, report.operators, report.encode, report.total] {
                #expect(stage.median > 0 && stage.p99 >= stage.median, "\(report.layer): \(stage)")
                // With 12 samples the p99 is the largest.
                #expect(stage.mean > 0 && stage.mean <= stage.p99, "\(report.layer): \(stage)")
            }
            #expect(report.total.median >= report.read.median)
            #expect(report.medianBytes > 100)
            #expect(report.forms.values.reduce(0, +) == report.samples)
            #expect(report.mosaic == nil)
        }
    }

    @Test func measuresEachFormatALayerServesOverTheSameTiles() throws {
        let folder = try PackageFolders.layerFolder([
            "landsat-truecolor": try PackageFolders.demoLayer("landsat-truecolor"),
            "elevation-dem": try PackageFolders.demoLayer("elevation-dem"),
        ])
        let tilesFolder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "bench-render-formats-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tilesFolder) }
        // z13 tiles near the centre lie wholly inside the Landsat scene, so JPEG refuses none.
        let result = try GeoToolzBinary.run([
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--zooms", "13", "--tiles", "2",
            "--rounds", "2", "--json", "--format", "all", "--layer", "landsat-truecolor", "--layer", "elevation-dem",
            "--write-tiles", tilesFolder.path,
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let output = try Self.reports(result.standardOutput)
        #expect(output.formats == ["png", "webp", "jpg"])
        let rows = output.layers.map { "\($0.layer).\($0.format)" }
        #expect(
            rows == [
                "landsat-truecolor.png", "landsat-truecolor.webp", "landsat-truecolor.jpg", "elevation-dem.png",
                "elevation-dem.webp",
            ])
        // A terrain encoding's bytes are heights: its layer serves no JPEG, and the run says so.
        #expect(output.skipped == [Skipped(layer: "elevation-dem", format: "jpg")])
        #expect(result.standardError.contains("elevation-dem: jpg skipped"), "\(result.standardError)")
        for report in output.layers {
            let row = "\(report.layer).\(report.format)"
            #expect(report.tiles == 2 && report.samples == 4 && report.droppedTiles == nil, "\(row)")
            #expect(report.medianBytes > 0 && report.totalBytes >= report.medianBytes, "\(row)")
            #expect(report.forms.values.reduce(0, +) == report.samples, "\(row)")
            // Every tile measured is written once, in its format.
            let written = try FileManager.default.subpathsOfDirectory(
                atPath: tilesFolder.appendingPathComponent(report.layer).path
            ).filter { $0.hasSuffix(".\(report.format)") }
            #expect(written.count == report.tiles, "\(row): \(written)")
        }
        let unknown = try GeoToolzBinary.run(["bench-render", "--format", "tiff"])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("--format takes png, webp, jpg or all, found 'tiff'"))
    }

    @Test func leavesOutInEveryFormatTheTilesJPEGRefuses() throws {
        let folder = try PackageFolders.layerFolder([
            "landsat-truecolor": try PackageFolders.demoLayer("landsat-truecolor")
        ])
        // At z10 the scene covers parts of a few tiles: each has transparent pixels, and the layer no fill.
        let result = try GeoToolzBinary.run([
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--zooms", "10-13", "--tiles", "4",
            "--rounds", "1", "--json", "--format", "png", "--format", "jpg",
        ])
        #expect(result.status == 0, "\(result.standardError)")
        let reports = try Self.reports(result.standardOutput).layers
        #expect(reports.map(\.format) == ["png", "jpg"])
        let dropped = try #require(reports[0].droppedTiles)
        #expect(dropped > 0 && reports.allSatisfy { $0.droppedTiles == dropped && $0.tiles == reports[0].tiles })
        #expect(result.standardError.contains("jpg refuses their transparent pixels"), "\(result.standardError)")
    }

    @Test func measuresAMosaicOverTheTilesOfTheFileItWasCutFrom() throws {
        let folder = try PackageFolders.layerFolder([
            "elevation": try PackageFolders.demoLayer("elevation"),
            "elevation-mosaic": try PackageFolders.demoLayer("elevation-mosaic"),
        ])
        let arguments = [
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--zooms", "12", "--tiles", "4",
            "--rounds", "1", "--json", "--layer", "elevation-mosaic", "--layer", "elevation",
        ]
        let shared = try GeoToolzBinary.run(arguments + ["--tiles-of", "elevation"])
        #expect(shared.status == 0, "\(shared.standardError)")
        let reports = try Self.reports(shared.standardOutput).layers
        #expect(reports.map(\.layer) == ["elevation-mosaic", "elevation"])
        #expect(reports.map(\.tiles) == [4, 4] && reports.map(\.samples) == [4, 4])
        let mosaic = try #require(reports[0].mosaic)
        #expect(mosaic.files == 9 && mosaic.fileReadsPerTile >= 1, "\(mosaic)")
        #expect(reports[1].mosaic == nil)
        let unknown = try GeoToolzBinary.run(arguments + ["--tiles-of", "nowhere"])
        #expect(unknown.status != 0 && unknown.standardError.contains("no layer 'nowhere'"))
    }

    @Test func rendersUnderABudgetAndStopsAtIt() throws {
        let elevation = try PackageFolders.demoLayer("elevation")
        let folder = try PackageFolders.layerFolder(["elevation": elevation])
        let arguments = [
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--zooms", "11", "--tiles", "2",
            "--rounds", "1", "--json",
        ]
        let within = try GeoToolzBinary.run(arguments + ["--render-budget", "60"])
        #expect(within.status == 0, "\(within.standardError)")
        #expect(try Self.reports(within.standardOutput).layers.count == 1)
        // Ten milliseconds cannot hold a warp and a 30-step hillshade of a 256-pixel tile.
        let hillshades = Array(repeating: "{_target_: Hillshade}", count: 30).joined(separator: ", ")
        let slow = try PackageFolders.layerFolder([
            "slow": elevationLayer(
                name: "slow",
                pipeline:
                    "{_target_: Sequential, operators: [\(hillshades), {_target_: Colormap, name: gray, vmin: 0, vmax: 1}]}"
            )
        ])
        let over = try GeoToolzBinary.run([
            "bench-render", "--layers", slow, "--data", PackageFolders.data, "--zooms", "11", "--tiles", "1",
            "--rounds", "1", "--render-budget", "0.01",
        ])
        #expect(over.status != 0)
        #expect(over.standardError.contains("the render ran past its time budget"), "\(over.standardError)")
        let refused = try GeoToolzBinary.run(arguments + ["--render-budget", "0"])
        #expect(refused.standardError.contains("--render-budget must be within 0.01…3600.0"))
    }

    @Test func refusesAnUnknownLayerAndABadZoomRange() throws {
        let folder = try PackageFolders.layerFolder(["elevation": try PackageFolders.demoLayer("elevation")])
        let unknown = try GeoToolzBinary.run([
            "bench-render", "--layers", folder, "--data", PackageFolders.data, "--layer", "nowhere",
        ])
        #expect(unknown.status != 0)
        #expect(unknown.standardError.contains("no layer 'nowhere'"))
        let badZooms = try GeoToolzBinary.run(["bench-render", "--zooms", "13-10"])
        #expect(badZooms.status != 0)
        #expect(badZooms.standardError.contains("--zooms takes a zoom or a range like 10-13, found '13-10'"))
    }
}
