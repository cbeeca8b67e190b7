import Foundation
import GeoToolzIO
import TestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `geotoolz export` as a user runs it: archives read back by independent readers (Python's
/// sqlite3, GDAL's MBTiles driver, the `pmtiles` package) hold the bytes the server answers.
@Suite(.serialized, .timeLimit(.minutes(5))) struct ExportCommandTests {
    let layers: String
    let data = PackageFolders.data
    let folder: String

    init() throws {
        layers = try PackageFolders.layerFolder(["elevation": PackageFolders.demoLayer("elevation")])
        folder = try temporaryDirectory("export")
    }

    func export(_ arguments: [String], environment: [String: String] = [:]) throws -> CommandResult {
        try GeoToolzBinary.run(
            ["export", "--layers", layers, "--data", data, "--layer", "elevation"] + arguments, environment: environment
        )
    }

    /// A running `geotoolz serve` of `layers` over `data`, and its port.
    func serve(layers: String, data: String) throws -> (BackgroundCommand, Int) {
        let port = freeLoopbackPort()
        let server = try BackgroundCommand(["serve", "--layers", layers, "--data", data, "--port", String(port)])
        try #require(waitFor { isListening(port) }, "\(server.output)")
        return (server, port)
    }

    /// The tiles of the SRTM sample at zooms 6–9 that share area with a U-shaped polygon.
    static let arguments = ["--zoom", "6-9", "--geojson"]

    func area() throws -> String {
        try GeoToolzBinary.temporaryFile(
            "area.geojson",
            """
            {"type": "Polygon", "coordinates": [[[-120.5, 36.8], [-117.6, 36.8], [-117.6, 38.5], [-118.3, 38.5],
              [-118.3, 37.4], [-119.8, 37.45], [-119.8, 38.5], [-120.5, 38.5], [-120.5, 36.8]]]}
            """)
    }

    @Test func archivesHoldTheServersBytesAndServeThemAsStored() throws {
        let area = try area()
        let dry = try export(Self.arguments + [area, "-o", folder + "/dry.pmtiles", "--dry-run"])
        let total = try #require(
            dry.standardOutput.split(separator: "\n").first { $0.hasPrefix("total") }.flatMap {
                Int($0.split(separator: " ")[1])
            })
        for kind in ["mbtiles", "pmtiles"] {
            let result = try export(Self.arguments + [area, "-o", "\(folder)/elevation.\(kind)"])
            #expect(result.status == 0, "\(result.standardOutput) \(result.standardError)")
            #expect(result.standardOutput.contains("export finished: rendered \(total), skipped 0"))
            #expect(!FileManager.default.fileExists(atPath: "\(folder)/elevation.\(kind).part"))
        }
        // GDAL reads a tile the plan holds at its deepest zoom.
        let deepest = try #require(
            try ArchiveReference(.mbtiles, folder + "/elevation.mbtiles").tiles.keys.filter { $0.hasPrefix("9/") }.min()
        )
        let mbtiles = try ArchiveReference(.mbtiles, folder + "/elevation.mbtiles", ["--gdal-tile", deepest])
        let pmtiles = try ArchiveReference(.pmtiles, folder + "/elevation.pmtiles")
        #expect(mbtiles["integrity"] as? String == "ok")
        #expect(mbtiles.tiles.count == total && pmtiles.tiles.count == total)
        #expect(mbtiles.tiles == pmtiles.tiles)
        let gdal = mbtiles.dictionary("gdal")
        #expect(gdal["driver"] as? String == "MBTiles" && gdal["pixels_match"] as? Bool == true, "\(gdal)")
        let metadata = mbtiles.dictionary("metadata")
        #expect(metadata["name"] as? String == "elevation" && metadata["format"] as? String == "png")
        #expect(metadata["minzoom"] as? String == "6" && metadata["maxzoom"] as? String == "9")
        #expect(pmtiles.dictionary("metadata")["name"] as? String == "elevation")
        #expect(pmtiles.dictionary("header")["tile_type"] as? String == "PNG")

        // Every tile as the server answers it, through urllib.
        let (server, port) = try serve(layers: layers, data: data)
        let addresses = Array(mbtiles.tiles.keys)
        let served = try ArchiveReference.served("http://127.0.0.1:\(port)/tiles/elevation", addresses)
        server.signal(SIGTERM)
        _ = try server.wait()
        for address in addresses {
            #expect(served[address]?.first as? Int == 200, "\(address)")
            #expect(served[address]?[1] as? String == mbtiles.tiles[address], "\(address) differs from the server's")
        }
        let layerHash = try #require(metadata["geotoolz:config_hash"] as? String)
        #expect(layerHash.count == 64 && pmtiles.dictionary("metadata")["geotoolz:config_hash"] as? String == layerHash)

        // The archives served as layers answer the same bytes.
        let archiveData = try temporaryDirectory("export-data")
        for kind in ["mbtiles", "pmtiles"] {
            try FileManager.default.copyItem(
                atPath: "\(folder)/elevation.\(kind)", toPath: "\(archiveData)/elevation.\(kind)")
        }
        let archiveLayers = try PackageFolders.layerFolder([
            "stored-mb": "source: elevation.mbtiles\nattribution: exported\n",
            "stored-pm": "source: elevation.pmtiles\n",
        ])
        let (archiveServer, archivePort) = try serve(layers: archiveLayers, data: archiveData)
        defer {
            archiveServer.signal(SIGTERM)
            _ = try? archiveServer.wait()
        }
        for name in ["stored-mb", "stored-pm"] {
            let again = try ArchiveReference.served("http://127.0.0.1:\(archivePort)/tiles/\(name)", addresses)
            for address in addresses {
                #expect(again[address]?[1] as? String == mbtiles.tiles[address], "\(name) \(address)")
            }
            // Outside the archive's bounds and zooms: no tile.
            let outside = try ArchiveReference.served(
                "http://127.0.0.1:\(archivePort)/tiles/\(name)", ["9/0/0", "12/690/1580"])
            #expect(outside.values.allSatisfy { ($0.first as? Int) != 200 }, "\(outside)")
        }
        let doubled = try ArchiveReference.served(
            "http://127.0.0.1:\(archivePort)/tiles/stored-pm", [addresses[0]], suffix: "@2x.png")
        #expect(doubled[addresses[0]]?.first as? Int == 404)
        let recoloured = try ArchiveReference.served(
            "http://127.0.0.1:\(archivePort)/tiles/stored-mb", [addresses[0]], suffix: ".png?colormap_name=viridis")
        #expect(recoloured[addresses[0]]?.first as? Int == 400)
        let point = try ArchiveReference.served(
            "http://127.0.0.1:\(archivePort)/layers/stored-pm/point", ["-119.5,37.5"], suffix: "")
        #expect(point["-119.5,37.5"]?.first as? Int == 404)
    }

    @Test func shardsMergeIntoTheArchiveOfASingleRun() throws {
        let area = try area()
        let single = try export(Self.arguments + [area, "-o", folder + "/single.pmtiles"])
        try #require(single.status == 0, "\(single.standardError)")
        var fingerprints = Set<String>()
        for index in 0..<3 {
            let part = try export(
                Self.arguments + [area, "-o", folder + "/part-{shard}.pmtiles", "--shard", "auto/3"],
                environment: ["JOB_COMPLETION_INDEX": "\(index)"])
            #expect(part.status == 0, "\(part.standardError)")
            #expect(FileManager.default.fileExists(atPath: "\(folder)/part-\(index + 1)-of-3.pmtiles"))
            if let line = part.standardOutput.split(separator: "\n").first,
                let plan = line.split(separator: ",").last(where: { $0.contains("plan ") })
            {
                fingerprints.insert(String(plan))
            }
        }
        #expect(fingerprints.count == 1)
        let parts = (1...3).map { "\(folder)/part-\($0)-of-3.pmtiles" }
        for output in ["merged.pmtiles", "merged.mbtiles"] {
            let merged = try GeoToolzBinary.run(["export", "merge", "-o", "\(folder)/\(output)"] + parts)
            #expect(merged.status == 0, "\(merged.standardError)")
        }
        // The parts joined are the single run's archive, byte for byte.
        let singleBytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/single.pmtiles"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/merged.pmtiles")) == singleBytes)
        let whole = try ArchiveReference(.pmtiles, folder + "/single.pmtiles").tiles
        #expect(try ArchiveReference(.mbtiles, folder + "/merged.mbtiles").tiles == whole)
        let again = try GeoToolzBinary.run(["export", "merge", "-o", "\(folder)/merged.pmtiles"] + parts)
        #expect(again.status == 1 && again.standardError.contains("exists"))
    }

    @Test func aDurationStopsTheExportAndResumeFinishesIt() throws {
        let area = try area()
        let path = folder + "/resumed.mbtiles"
        let first = try export(Self.arguments + [area, "-o", path, "--max-rate", "20", "--duration", "1s"])
        #expect(first.status == 75, "\(first.standardOutput) \(first.standardError)")
        #expect(first.standardOutput.contains("run the same command with --resume to continue"))
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(FileManager.default.fileExists(atPath: path + ".part"))
        let refused = try export(Self.arguments + [area, "-o", path])
        #expect(refused.status == 1 && refused.standardError.contains("--resume continues it"))
        let resumed = try export(Self.arguments + [area, "-o", path, "--resume"])
        #expect(resumed.status == 0, "\(resumed.standardError)")
        let written = try #require(
            resumed.standardOutput.split(separator: ",").first { $0.contains("tiles already written") })
        let already = try #require(Int(written.split(separator: " ")[0]))
        #expect(already > 5, "\(resumed.standardOutput)")
        #expect(resumed.standardOutput.contains("(cached \(already),"))
        let reference = try export(Self.arguments + [area, "-o", folder + "/reference.mbtiles"])
        try #require(reference.status == 0)
        #expect(
            try ArchiveReference(.mbtiles, path).tiles
                == (try ArchiveReference(.mbtiles, folder + "/reference.mbtiles").tiles))
        let exists = try export(Self.arguments + [area, "-o", path])
        #expect(exists.status == 1 && exists.standardError.contains("exists"))
        #expect(try export(Self.arguments + [area, "-o", path, "--force"]).status == 0)
    }
}
