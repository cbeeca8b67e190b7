import Foundation
import GeoToolz
import Testing

@Suite struct TerrainTests {
    typealias T = OperatorTesting

    /// A DEM and what `gdaldem` (Horn's method) makes of it, in UTM and in Web Mercator.
    static let fixture = Fixtures.parse(Fixtures.terrain)

    static func dem(case index: Int) -> GeoTensor {
        let terrainCase = fixture["cases"].array[index]
        return GeoTensor(
            bands: 1, height: fixture["height"].int, width: fixture["width"].int,
            values: fixture["elevations"].floats, transform: GeoTransform(gdal: terrainCase["transform"].doubles),
            crs: String(describing: terrainCase["crs"].raw))
    }

    @Test(arguments: [0, 1])
    func hillshadeMatchesGdaldem(case index: Int) throws {
        let output = try Hillshade().apply(Self.dem(case: index))
        let bytes = Self.fixture["cases"].array[index]["hillshade"].floats
        var compared = 0
        for (shade, byte) in zip(output.values, bytes) {
            // gdaldem writes 1 + 254 · shade, rounded to a byte, and 0 (nodata) where we write NaN.
            #expect(shade.isNaN == byte.isNaN)
            guard !shade.isNaN, !byte.isNaN else { continue }
            #expect(abs((1 + 254 * shade) - byte) <= 0.5 + 1e-3, "shade \(shade) vs byte \(byte)")
            compared += 1
        }
        #expect(compared > 100)
    }

    @Test(arguments: [0, 1])
    func slopeMatchesGdaldem(case index: Int) throws {
        let output = try T.build(["_target_": "Slope"]).apply(Self.dem(case: index))
        let expected = Self.fixture["cases"].array[index]["slope"].floats
        // The Mercator case's reference uses one ground ratio for the whole DEM, the operator one
        // per row: they differ by about 1e-5 relative.
        #expect(T.mismatches(output.values, expected, tolerance: index == 0 ? 1e-4 : 2e-3).isEmpty)
    }

    @Test func aHoleInTheDEMIsAHoleInEveryWindowThatTouchesIt() throws {
        let output = try Hillshade().apply(Self.dem(case: 0))
        let width = Self.fixture["width"].int
        // The fixture's hole is at row 9, column 4.
        for row in 8...10 {
            for column in 3...5 { #expect(output.values[row * width + column].isNaN) }
        }
        #expect(!output.values[7 * width + 4].isNaN)
        #expect(!output.values[9 * width + 6].isNaN)
    }

    @Test func theBorderHasNoNeighboursAndTheHaloIsOne() throws {
        let output = try Hillshade().apply(Self.dem(case: 0))
        let (height, width) = (output.height, output.width)
        for column in 0..<width {
            #expect(output.values[column].isNaN && output.values[(height - 1) * width + column].isNaN)
        }
        for row in 0..<height {
            #expect(output.values[row * width].isNaN && output.values[row * width + width - 1].isNaN)
        }
        #expect(try Hillshade().halo == 1 && Slope().halo == 1)
        #expect(try (Hillshade() | Colormap.gray).halo == 1)
    }

    @Test func flatGroundIsLitBySinOfTheAltitudeAndHasNoSlope() throws {
        let flat = GeoTensor(bands: 1, height: 4, width: 4, repeating: 120, transform: .identity, crs: "EPSG:32633")
        let shade = try Hillshade(azimuth: 100, altitude: 30).apply(flat)
        #expect(abs(shade.values[5] - 0.5) < 1e-6)
        #expect(try Slope().apply(flat).values[5] == 0)
    }

    @Test func aPlaneOfKnownSlopeMeasuresRight() throws {
        // Rising 1 m per 1 m eastward: 45°, 100 %, and facing the light from the west head-on
        // when the light stands 45° high in the west.
        let plane = GeoTensor(
            bands: 1, height: 3, width: 3, values: (0..<9).map { Float($0 % 3) },
            transform: GeoTransform(originX: 0, pixelWidth: 1, originY: 0, pixelHeight: -1), crs: "EPSG:32633")
        #expect(abs(try Slope().apply(plane).values[4] - 45) < 1e-4)
        #expect(abs(try Slope(units: .percent).apply(plane).values[4] - 100) < 1e-3)
        #expect(abs(try Hillshade(azimuth: 270, altitude: 45).apply(plane).values[4] - 1) < 1e-6)
        #expect(try Hillshade(azimuth: 90, altitude: 45).apply(plane).values[4] == 0)
        // Doubling the heights steepens it to atan(2).
        #expect(abs(try Slope(zFactor: 2).apply(plane).values[4] - Float(atan(2.0) * 180 / .pi)) < 1e-4)
    }

    @Test func webMercatorAndDegreesAreConvertedToGroundMetres() throws {
        // The same 1 m/pixel ramp: in Web Mercator at 60° a map metre is half a ground metre,
        // so the slope is atan(2); in degrees at the equator a pixel of 1/111319.49° is a metre.
        let latitude = 60.0 * Double.pi / 180
        let mercatorY = 6_378_137 * log(tan(Double.pi / 4 + latitude / 2))
        let ramp = (0..<9).map { Float($0 % 3) }
        let mercator = GeoTensor(
            bands: 1, height: 3, width: 3, values: ramp,
            transform: GeoTransform(originX: 0, pixelWidth: 1, originY: mercatorY + 1.5, pixelHeight: -1),
            crs: "EPSG:3857")
        #expect(abs(try Slope().apply(mercator).values[4] - Float(atan(2.0) * 180 / .pi)) < 1e-3)
        let degree = 1 / (6_378_137 * Double.pi / 180)
        let geographic = GeoTensor(
            bands: 1, height: 3, width: 3, values: ramp,
            transform: GeoTransform(originX: 0, pixelWidth: degree, originY: 1.5 * degree, pixelHeight: -degree),
            crs: "EPSG:4326")
        #expect(abs(try Slope().apply(geographic).values[4] - 45) < 1e-3)
    }

    @Test(arguments: [
        ("EPSG:3857", "PROJCS[\"WGS 84 / Pseudo-Mercator\",GEOGCS[\"WGS 84\"],AUTHORITY[\"EPSG\",\"3857\"]]"),
        ("EPSG:4326", "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\"],AUTHORITY[\"EPSG\",\"4326\"]]"),
        ("EPSG:4326", "OGC:CRS84"),
        ("EPSG:32633", "PROJCS[\"WGS 84 / UTM zone 33N\",AUTHORITY[\"EPSG\",\"32633\"]]"),
    ])
    func crsGivenAsWKTIsRecognised(_ code: String, _ wkt: String) throws {
        var dem = Self.dem(case: 1)
        dem.crs = code
        let byCode = try Slope().apply(dem)
        dem.crs = wkt
        let byWKT = try Slope().apply(dem)
        #expect(T.mismatches(byWKT.values, byCode.values).isEmpty)
    }

    @Test func terrainNeedsOneBandOfElevations() throws {
        let twoBands = GeoTensor(bands: 2, height: 3, width: 3, repeating: 1)
        #expect(try T.applyError(Hillshade(), twoBands)?.contains("expects one band (elevations)") == true)
        #expect(T.buildError(["_target_": "Hillshade", "altitude": 95]) != nil)
        #expect(T.buildError(["_target_": "Slope", "units": "radians"]) != nil)
    }
}

extension Colormap {
    /// The colormap hillshades are rendered with.
    static var gray: Colormap { try! Colormap(name: "gray", vmin: 0, vmax: 1) }
}
