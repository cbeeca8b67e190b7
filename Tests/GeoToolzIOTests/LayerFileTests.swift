import Foundation
import GeoToolz
import Testing

@testable import GeoToolzIO

/// A scratch directory for layer files and data directories, removed with the value.
final class Scratch {
    let path: String

    init() throws {
        path = DerivedData.directory + "/scratch-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `text` to `name` inside the scratch directory and returns its path.
    @discardableResult
    func write(_ name: String, _ text: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }
}

@Suite struct LayerFileTests {
    static let identity = "pipeline: {_target_: Sequential, operators: [{_target_: Identity}]}"

    static func load(_ yaml: String, data: DataDirectory? = nil) throws -> Layer {
        let scratch = try Scratch()
        let file = try scratch.write("test.yaml", yaml)
        return try LayerCatalog.loadLayer(file: file, dataDirectory: data ?? DataDirectory(SampleData.directory))
    }

    @Test func readsEveryField() throws {
        let layer = try Self.load(
            """
            name: dem
            title: SRTM test
            source: srtm90.tif
            bands: [1]
            resampling: bilinear
            minzoom: 5
            maxzoom: 13
            attribution: "SRTM, NASA"
            outside: transparent
            \(Self.identity)
            """)
        #expect(layer.name == "dem" && layer.title == "SRTM test" && layer.attribution == "SRTM, NASA")
        #expect(layer.minZoom == 5 && layer.maxZoom == 13 && layer.outside == .transparent)
        #expect(
            layer.definition.sources == [
                LayerSource(
                    path: "srtm90.tif", bands: [1], resampling: .bilinear,
                    origin: .init(
                        path: ConfigPath(root: "layer").appending("source"),
                        bands: ConfigPath(root: "layer").appending("bands")))
            ])
        #expect(abs(layer.bounds.west + 120.755_927) < 1e-5 && abs(layer.bounds.north - 38.626_923) < 1e-5)
        #expect(layer.pipelineHash == layer.pipeline.configHash)
    }

    @Test func overridesAreAllNoneOrTheListed() throws {
        let source = "source: srtm90.tif\n" + Self.identity
        #expect(try Self.load(source).definition.overrides == .all)
        #expect(try Self.load("overrides: false\n" + source).definition.overrides.allowed == [])
        let listed = try Self.load("overrides: [colormap_name, rescale]\n" + source).definition.overrides
        #expect(listed.allowed == ["rescale", "colormap_name"] && !listed.allows("expression"))
        for bad in ["overrides: [color]", "overrides: yes", "overrides: [rescale, rescale]"] {
            #expect(throws: ConfigError.self) { try Self.load(bad + "\n" + source) }
        }
    }

    @Test func defaultsNameTitleAndResampling() throws {
        let layer = try Self.load("source: srtm90.tif\n\(Self.identity)")
        #expect(layer.name == "test" && layer.title == "test" && layer.attribution == nil)
        #expect(layer.minZoom == 0 && layer.maxZoom == 24 && layer.outside == .empty)
        #expect(layer.definition.sources.map(\.resampling) == [.nearest] && layer.definition.sources[0].bands == nil)
    }

    @Test func readsNamedSources() throws {
        let layer = try Self.load(
            """
            sources:
              nir: {path: landsat.tif, bands: [4], resampling: cubic}
              red: landsat.tif
            resampling: bilinear
            pipeline:
              _target_: Graph
              inputs: [red, nir]
              nodes:
                - {name: both, op: {_target_: Stack}, inputs: [red, nir]}
                - {name: rgb, op: {_target_: SelectBands, bands: [8, 3, 2]}, inputs: [both]}
              outputs: {out: rgb}
            """)
        let sources = layer.definition.sources
        #expect(sources.map(\.input) == ["nir", "red"])
        #expect(sources.map(\.resampling) == [.cubic, .bilinear])
        #expect(sources.map(\.bands) == [[4], nil])
    }

    /// A bad layer file, and what its error must say: `test.yaml:LINE:…: PATH: …MESSAGE…`.
    struct BadFile: Sendable, CustomTestStringConvertible {
        let yaml: String
        let line: Int
        let path: String
        let message: String
        var testDescription: String { "\(path): \(message)" }
    }

    static let badFiles: [BadFile] = [
        BadFile(
            yaml: "source: srtm90.tif\nresampling: sharp\n\(identity)", line: 2, path: "layer.resampling",
            message: "'resampling' must be one of 'nearest', 'bilinear'"),
        BadFile(
            yaml: "source: srtm90.tif\nmaxzom: 3\n\(identity)", line: 2, path: "layer.maxzom",
            message: "unknown field 'maxzom' in a layer"),
        BadFile(yaml: "title: x\n\(identity)", line: 1, path: "layer", message: "a layer needs 'source'"),
        BadFile(
            yaml: "source: srtm90.tif\nsources: {a: srtm90.tif}\n\(identity)", line: 2, path: "layer.sources",
            message: "give either 'source' or 'sources'"),
        BadFile(
            yaml: "sources: {a: srtm90.tif}\nbands: [1]\n\(identity)", line: 2, path: "layer.bands",
            message: "give 'bands' inside each source"),
        BadFile(
            yaml: "source: srtm90.tif\nbands: [1, 0]\n\(identity)", line: 2, path: "layer.bands[1]",
            message: "bands are numbered from 1"),
        BadFile(
            yaml: "source: srtm90.tif\nminzoom: 30\n\(identity)", line: 2, path: "layer.minzoom",
            message: "minzoom must be within 0…24"),
        BadFile(
            yaml: "source: srtm90.tif\nminzoom: 9\nmaxzoom: 4\n\(identity)", line: 3, path: "layer.maxzoom",
            message: "minzoom (9) is deeper than maxzoom (4)"),
        BadFile(
            yaml: "source: srtm90.tif\npipeline:\n  _target_: Sequential\n  operators:\n    - _target_: Sharpen\n",
            line: 5, path: "layer.pipeline.operators[0]._target_", message: "unknown operator 'Sharpen'"),
        BadFile(
            yaml: "source: srtm90.tif\npipeline: {_target_: Lambda}", line: 2, path: "layer.pipeline._target_",
            message: "Lambda holds a Swift closure"),
        BadFile(
            yaml: "source: srtm90.tif\nname: has space\n\(identity)", line: 2, path: "layer.name",
            message: "must be letters, digits"),
        BadFile(
            yaml: "source: srtm90.tif\nbands: [2]\n\(identity)", line: 2, path: "layer.bands[0]",
            message: "band 2 does not exist: srtm90.tif has 1 bands"),
        BadFile(
            yaml: "title: t\nsource: nope.tif\n\(identity)", line: 2, path: "layer.source",
            message: "'nope.tif' does not exist in the data directory"),
        BadFile(
            yaml: "source: /etc/hostname\n\(identity)", line: 1, path: "layer.source", message: "is absolute"),
        BadFile(
            yaml: "source: ../data/srtm90.tif\n\(identity)", line: 1, path: "layer.source",
            message: "climbs out with '..'"),
        BadFile(
            yaml: "source: /vsicurl/https://example.com/a.tif\n\(identity)", line: 1, path: "layer.source",
            message: "virtual file system"),
        BadFile(
            yaml: "sources:\n  dem: srtm90.tif\n\(identity)", line: 2, path: "layer.sources",
            message: "named sources feed the named inputs of a Graph pipeline"),
        BadFile(
            yaml: """
                sources: {a: srtm90.tif, c: srtm90.tif}
                pipeline:
                  _target_: Graph
                  inputs: [a, b]
                  nodes: [{name: s, op: {_target_: Stack}, inputs: [a, b]}]
                  outputs: {out: s}
                """, line: 1, path: "layer.sources", message: "the pipeline's Graph takes the inputs [\"a\", \"b\"]"),
        BadFile(
            yaml: "sources:\n  dem: {pth: srtm90.tif}\n\(identity)", line: 2, path: "layer.sources.dem.path",
            message: "a source needs 'path'"),
        BadFile(
            yaml: "source: srtm90.tif\nbands: [1\n\(identity)", line: 3, path: "layer", message: "malformed YAML/JSON"),
        BadFile(
            yaml: "source: srtm90.tif\ndrivers: [GTiff, WMS]\n\(identity)", line: 2, path: "layer.drivers[1]",
            message: "'WMS' is not a driver layers may use: 'drivers' narrows GTiff, VRT, PNG, JPEG, JP2OpenJPEG"),
        BadFile(
            yaml: "source: srtm90.tif\ndrivers: GTiff\n\(identity)", line: 2, path: "layer.drivers",
            message: "'drivers' is a non-empty list of GDAL driver names"),
        BadFile(
            yaml: "source: srtm90.tif\ndrivers: [PNG, VRT]\n\(identity)", line: 1, path: "layer.source",
            message: "srtm90.tif is a GTiff raster; the drivers allowed are VRT, PNG"),
    ]

    @Test(arguments: badFiles)
    func badFilesFailWithLocatedErrors(_ bad: BadFile) throws {
        let error = try #require(throws: ConfigError.self) { try Self.load(bad.yaml) }
        let text = error.description
        #expect(text.hasPrefix(DerivedData.directory), "\(text)")
        #expect(text.contains("test.yaml:\(bad.line):"), "\(text)")
        #expect(text.contains("\(bad.path): "), "\(text)")
        #expect(text.contains(bad.message), "\(text)")
    }

    @Test func dataPathsStayInsideTheDataDirectory() throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/data", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path + "/data/inside.tif", withDestinationPath: try SampleData.srtm)
        try scratch.write("data/real.tif", "bytes")
        try FileManager.default.createSymbolicLink(
            atPath: scratch.path + "/data/local.tif", withDestinationPath: "real.tif")
        let data = try DataDirectory(scratch.path + "/data")
        // A link to a file outside is refused; one to a file inside is followed.
        #expect { try data.resolve("inside.tif") } throws: { "\($0)".contains("leads out of the data directory") }
        #expect(try data.resolve("local.tif") == data.root + "/real.tif")
        #expect(throws: DataPathError.self) { try data.resolve("") }
        #expect(throws: DataPathError.self) { try DataDirectory(scratch.path + "/missing") }
        // Virtual file systems pass only when allowed.
        let open = try DataDirectory(scratch.path + "/data", allowVirtualFileSystems: true)
        #expect(try open.resolve("/vsicurl/https://example.com/a.tif") == "/vsicurl/https://example.com/a.tif")
        #expect(throws: DataPathError.self) { try data.resolve("GTIFF_DIR:1:x.tif") }
    }

    @Test func catalogLoadsEveryLayerFile() throws {
        let scratch = try Scratch()
        try scratch.write("b.yaml", "source: srtm90.tif\n\(Self.identity)")
        try scratch.write("a.yml", "name: first\nsource: landsat.tif\nbands: [3, 2, 1]\n\(Self.identity)")
        try scratch.write("README.md", "not a layer")
        let catalog = try LayerCatalog(directory: scratch.path, dataDirectory: DataDirectory(SampleData.directory))
        #expect(catalog.layers.map(\.name) == ["b", "first"])
        #expect(catalog.layer(named: "first")?.definition.sources.first?.bands == [3, 2, 1])
        #expect(catalog.layer(named: "a") == nil)
    }

    @Test func catalogFailsOnABadFileOrADuplicateName() throws {
        let data = try DataDirectory(SampleData.directory)
        let scratch = try Scratch()
        try scratch.write("a.yaml", "source: srtm90.tif\n\(Self.identity)")
        try scratch.write("b.yaml", "name: a\nsource: srtm90.tif\n\(Self.identity)")
        #expect { try LayerCatalog(directory: scratch.path, dataDirectory: data) } throws: { error in
            "\(error)".contains("b.yaml") && "\(error)".contains("'a' is already taken")
        }
        // Names differing only in case would make two URLs that look the same.
        let cased = try Scratch()
        try cased.write("dem.yaml", "source: srtm90.tif\n\(Self.identity)")
        try cased.write("upper.yaml", "name: DEM\nsource: srtm90.tif\n\(Self.identity)")
        #expect { try LayerCatalog(directory: cased.path, dataDirectory: data) } throws: { error in
            "\(error)".contains("upper.yaml") && "\(error)".contains("'DEM' is already taken")
        }
        let broken = try Scratch()
        try broken.write("good.yaml", "source: srtm90.tif\n\(Self.identity)")
        try broken.write("bad.yaml", "source: srtm90.tif\nresampling: 3\n\(Self.identity)")
        #expect { try LayerCatalog(directory: broken.path, dataDirectory: data) } throws: { error in
            "\(error)".contains("bad.yaml:2:13: layer.resampling:")
        }
        let empty = try Scratch()
        #expect(throws: ConfigError.self) { try LayerCatalog(directory: empty.path, dataDirectory: data) }
    }
}
