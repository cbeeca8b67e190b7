import Foundation
import Testing

@Suite struct BenchRenderCommandTests {
    /// The figures of one stage as `--json` prints them.
    struct Spread: Decodable {
        let median: Double
        let p99: Double
    }

    /// One layer's report as `--json` prints it.
    struct Report: Decodable {
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
        let reports = try JSONDecoder().decode([Report].self, from: Data(result.standardOutput.utf8))
        #expect(reports.map(\.layer) == ["elevation", "landsat-ndvi"])
        for report in reports {
            #expect(report.zooms == [11, 12])
            #expect(report.tiles == 6 && report.samples == 12, "\(report.layer)")
            for stage in [report.read, report.operators, report.encode, report.total] {
                #expect(stage.median > 0 && stage.p99 >= stage.median, "\(report.layer): \(stage)")
            }
            #expect(report.total.median >= report.read.median)
            #expect(report.medianBytes > 100)
            #expect(report.forms.values.reduce(0, +) == report.samples)
        }
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
