import Foundation
import GeoToolz
import Testing

/// Tiles rendered one by one must equal the same windows cut from one larger render:
/// otherwise a map shows seams at tile edges.
@Suite struct SeamlessnessTests {
    static let tileSize = 32

    /// A 3 × 2-tile area of synthetic terrain in Web Mercator near 46° N at about zoom 12,
    /// with a one-pixel margin all round so every tile can be read with its halo.
    static let area: GeoTensor = {
        let margin = 1
        let width = 3 * tileSize + 2 * margin
        let height = 2 * tileSize + 2 * margin
        let pixel = 38.21851414258813
        let originY = 6_378_137 * log(tan(Double.pi / 4 + 46 * Double.pi / 360))
        let noise = OperatorTesting.noise(count: width * height, seed: 7, in: -4...4)
        var values = [Float]()
        for row in 0..<height {
            for column in 0..<width {
                let (x, y) = (Double(column) * pixel, Double(row) * pixel)
                let ridge = 300 * sin(x / 900) * cos(y / 700) + 0.08 * x
                values.append(Float(900 + ridge) + noise[row * width + column])
            }
        }
        return GeoTensor(
            bands: 1, height: height, width: width, values: values,
            transform: GeoTransform(originX: 1_200_000, pixelWidth: pixel, originY: originY, pixelHeight: -pixel),
            crs: "EPSG:3857")
    }()

    /// The window of `tensor` starting at (`row`, `column`), georeferenced where it lies.
    static func window(_ tensor: GeoTensor, row: Int, column: Int, height: Int, width: Int) -> GeoTensor {
        var values = [Float]()
        for band in 0..<tensor.bands {
            for r in row..<(row + height) {
                let start = (band * tensor.height + r) * tensor.width + column
                values.append(contentsOf: tensor.values[start..<(start + width)])
            }
        }
        var cut = GeoTensor(
            bands: tensor.bands, height: height, width: width, values: values,
            transform: tensor.transform.offset(columns: column, rows: row), crs: tensor.crs, warnings: tensor.warnings)
        cut.palette = tensor.palette
        return cut
    }

    /// Tile (`tileRow`, `tileColumn`) rendered alone, as the server does: read with the
    /// pipeline's halo around it, render, crop the halo.
    static func renderTile(_ pipeline: any Operator, tileRow: Int, tileColumn: Int) throws -> GeoTensor {
        let halo = pipeline.halo
        let read = window(
            area, row: 1 + tileRow * tileSize - halo, column: 1 + tileColumn * tileSize - halo,
            height: tileSize + 2 * halo, width: tileSize + 2 * halo)
        return try pipeline.apply(read).cropped(by: halo)
    }

    /// The same tile cut from one render of the whole area.
    static func cutTile(from render: GeoTensor, tileRow: Int, tileColumn: Int) -> GeoTensor {
        window(
            render, row: 1 + tileRow * tileSize, column: 1 + tileColumn * tileSize, height: tileSize, width: tileSize)
    }

    static let tiles = [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]

    @Test func hillshadeTilesJoinWithoutSeams() throws {
        for pipeline: any Operator in [
            try Hillshade(), try Hillshade(azimuth: 200, altitude: 30, zFactor: 2) | Colormap.gray,
        ] {
            let whole = try pipeline.apply(Self.area)
            for (row, column) in Self.tiles {
                let tile = try Self.renderTile(pipeline, tileRow: row, tileColumn: column)
                #expect(tile == Self.cutTile(from: whole, tileRow: row, tileColumn: column), "tile \(row), \(column)")
                #expect(!tile.values.contains { $0.isNaN }, "a tile read with its halo has no empty border")
            }
        }
    }

    @Test func percentileStretchedTilesJoinWithoutSeams() throws {
        let config: ConfigValue = [
            "_target_": "Sequential",
            "operators": [
                ["_target_": "PercentileClip", "low": 2, "high": 98],
                ["_target_": "Colormap", "name": "magma", "vmin": 0, "vmax": 1],
            ],
        ]
        let layer = try OperatorTesting.build(config)
        #expect(layer.needsCalibration)
        // The layer calibrates once, on an overview of the whole dataset (every second pixel).
        let overview = Self.decimated(Self.area)
        let pipeline = try layer.calibrated(with: [overview]).pipeline
        #expect(!pipeline.needsCalibration)
        let whole = try pipeline.apply(Self.area)
        for (row, column) in Self.tiles {
            let tile = try Self.renderTile(pipeline, tileRow: row, tileColumn: column)
            #expect(tile == Self.cutTile(from: whole, tileRow: row, tileColumn: column), "tile \(row), \(column)")
        }
        // Statistics of the tile itself would differ from tile to tile, and so would the colours
        // of the same pixel: the seams this design prevents.
        let first = try layer.calibrated(with: [Self.cutTile(from: Self.area, tileRow: 0, tileColumn: 0)]).pipeline
        let second = try layer.calibrated(with: [Self.cutTile(from: Self.area, tileRow: 0, tileColumn: 2)]).pipeline
        #expect(first.config != second.config)
        let tile = Self.cutTile(from: Self.area, tileRow: 0, tileColumn: 0)
        #expect(try first.apply(tile).values != (try pipeline.apply(tile)).values)
    }

    /// Every second pixel of every second row: a stand-in for a dataset overview.
    static func decimated(_ tensor: GeoTensor) -> GeoTensor {
        var values = [Float]()
        for row in stride(from: 0, to: tensor.height, by: 2) {
            for column in stride(from: 0, to: tensor.width, by: 2) {
                values.append(tensor.values[row * tensor.width + column])
            }
        }
        var transform = tensor.transform
        transform.pixelWidth *= 2
        transform.pixelHeight *= 2
        return GeoTensor(
            bands: 1, height: (tensor.height + 1) / 2, width: (tensor.width + 1) / 2, values: values,
            transform: transform, crs: tensor.crs)
    }
}
